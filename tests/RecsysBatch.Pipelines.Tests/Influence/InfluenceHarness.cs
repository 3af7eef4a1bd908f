using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>Runs the real influence stage as the runner would, and reads its rows back by name.</summary>
internal static class InfluenceHarness
{
    public static StageContext Context(EventTable events, DateOnly snapshot, string folder, string? options = null, int horizonDays = 7) =>
        StageHarness.Context(InfluenceStage.StageName, events, snapshot, folder, options, horizonDays);

    public static StageContext Run(EventTable events, DateOnly snapshot, string folder, string? options = null, int horizonDays = 7) =>
        StageHarness.Run(new InfluenceStage(NullLogger<InfluenceStage>.Instance), Context(events, snapshot, folder, options, horizonDays));

    /// <summary>Generates a synthetic data set, ingests it, runs the stage; returns the context.</summary>
    public static StageContext RunSynthetic(SyntheticOptions synthetic, string folder, string? options = null, int horizonDays = 7)
    {
        SyntheticGenerator.Generate(synthetic, folder);
        var ingested = IngestHarness.Run("canonical", Path.Combine(folder, SyntheticGenerator.EventsFileName));
        return Run(ingested.Data.RequireEvents(), ingested.SnapshotDate, Path.Combine(folder, "run"), options, horizonDays);
    }

    public static OutputTable Table(StageContext context, TableSchema schema)
    {
        Assert.IsTrue(context.Data.TryGetOutput(schema.Name, out var table), schema.Name);
        return table;
    }

    public static object? Cell(OutputTable table, int row, string column)
    {
        var index = table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(column);
        Assert.IsGreaterThanOrEqualTo(0, index, column);
        return table.Columns[index].GetValue(row);
    }

    /// <summary>The row of (behavior, segment) in influence_coefficients.</summary>
    public static int CoefficientRow(OutputTable table, string behavior, string segment)
    {
        for (var r = 0; r < table.RowCount; r++)
        {
            if ((string?)Cell(table, r, "behavior") == behavior && (string?)Cell(table, r, "segment") == segment)
            {
                return r;
            }
        }

        Assert.Fail($"no row {behavior}/{segment}");
        return -1;
    }
}
