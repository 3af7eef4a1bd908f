using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Features;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Tables;

/// <summary>
/// Warehouses the previous version wrote migrate to the new columns of issue 16 (both warehouses run this same plan):
/// new columns are nullable, price is a declared rename, recommendations.mf_score only relaxes NOT NULL.
/// </summary>
[TestClass]
public sealed class Issue16MigrationTests
{
    public static IEnumerable<object[]> Changes =>
    [
        [FactorizeTables.Candidates.Name, "mf_score,because_items,because_shares", ""],
        [FactorizeTables.SimilarUsers.Name, "common_items", ""],
        [InfluenceTables.Funnel.Name, "chain,chain_from_pairs,chain_to_pairs", ""],
        [RankTables.Recommendations.Name, "because_items,because_shares", ""],
        [FeatureTables.ItemFeatures.Name, "", "price -> avg_purchase_value"],
    ];

    [TestMethod]
    [DynamicData(nameof(Changes))]
    public void Plan_PreviousLayout_AddsTheNewNullableColumnsAndRenamesPrice(string table, string added, string renamed)
    {
        var schema = Schemas().Single(s => s.Name == table);
        var newColumns = added.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // The previous layout: without the new columns, avg_purchase_value under its former name price, mf_score NOT NULL.
        var previous = schema.StoredColumns.Where(c => !newColumns.Contains(c.Name))
            .Select(c => c.Name == "avg_purchase_value" ? c with { Name = c.FormerName!, FormerName = null } : c)
            .Select(c => table == RankTables.Recommendations.Name && c.Name == "mf_score" ? c with { Nullable = false } : c)
            .Select(Describe).ToList();

        var plan = TableMigration.Plan(schema, previous, Describe);

        Assert.IsNotNull(plan, $"{table} of the previous layout cannot be migrated");
        CollectionAssert.AreEquivalent(newColumns, plan.Added.ToArray());
        Assert.AreEqual(renamed, string.Join(",", plan.Renamed));
    }

    private static string Describe(ColumnSchema column) => $"{column.Name}:{column.Type}:{column.Nullable}";

    private static IEnumerable<TableSchema> Schemas() =>
        [.. FactorizeTables.All, .. InfluenceTables.All, .. RankTables.All, .. FeatureTables.All];
}
