using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Jobs;

namespace RecsysBatch.Cli.Tests;

/// <summary>docs/tables.md stays true: every table any stage can publish, and each of its columns, is described there.</summary>
[TestClass]
public sealed class TablesDocTests
{
    [TestMethod]
    public void TablesDoc_EveryPublishedTableAndColumn_IsDescribed()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "tables.md"));
        var missing = new StringBuilder();
        foreach (var table in AllTables())
        {
            var heading = $"## `{table.Name}`";
            var start = doc.IndexOf(heading, StringComparison.Ordinal);
            if (start < 0)
            {
                missing.AppendLine($"table {table.Name} (expected heading {heading}):").AppendLine(Draft(table));
                continue;
            }

            var end = doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            var section = end < 0 ? doc[start..] : doc[start..end];
            foreach (var column in table.StoredColumns.Where(c => !section.Contains($"| `{c.Name}` |", StringComparison.Ordinal)))
            {
                missing.AppendLine($"column {table.Name}.{column.Name}: {DraftRow(column)}");
            }
        }

        Assert.AreEqual("", missing.ToString(), "docs/tables.md lacks these (drafts from the schema descriptions follow each)");
    }

    private static List<TableSchema> AllTables()
    {
        using var services = new ServiceCollection().AddLogging().AddRecsysBatch(new ConfigurationBuilder().Build()).BuildServiceProvider();
        return CoreTables.All.Concat(services.GetServices<IPipelineStage>().SelectMany(s => s.OutputTables)).DistinctBy(t => t.Name).ToList();
    }

    private static string Draft(TableSchema table) =>
        "| column | type | meaning |\n| --- | --- | --- |\n" + string.Join("\n", table.StoredColumns.Select(DraftRow));

    private static string DraftRow(ColumnSchema column) =>
        $"| `{column.Name}` | {SqlType(column.Type)}{(column.Nullable ? ", null" : "")} | {column.Description} |";

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.String => "VARCHAR",
        ColumnType.Int32 => "INTEGER",
        ColumnType.Int64 => "BIGINT",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP (UTC)",
        ColumnType.FloatArray => "FLOAT[]",
        _ => type.ToString(),
    };
}
