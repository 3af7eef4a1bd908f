using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Features;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Tables;

/// <summary>Warehouses written before item titles migrate to the nullable title column (both warehouses run this plan).</summary>
[TestClass]
public sealed class ItemTitleMigrationTests
{
    public static IEnumerable<object[]> Tables => [[FeatureTables.ItemFeatures], [FactorizeTables.Candidates], [RankTables.Recommendations]];

    [TestMethod]
    [DynamicData(nameof(Tables))]
    public void Plan_LayoutWithoutTitle_AddsOnlyTheNullableTitle(TableSchema schema)
    {
        var title = schema.StoredColumns.Single(c => c.Name == "title");
        var previous = schema.StoredColumns.Where(c => c.Name != "title").Select(Describe).ToList();

        var plan = TableMigration.Plan(schema, previous, Describe);

        Assert.IsTrue(title.Nullable, $"{schema.Name}.title must be nullable to migrate");
        Assert.IsNotNull(plan, $"{schema.Name} without title cannot be migrated");
        Assert.AreEqual("title", string.Join(",", plan.Added));
        Assert.AreEqual("", string.Join(",", plan.Renamed));
    }

    private static string Describe(ColumnSchema column) => $"{column.Name}:{column.Type}:{column.Nullable}";
}
