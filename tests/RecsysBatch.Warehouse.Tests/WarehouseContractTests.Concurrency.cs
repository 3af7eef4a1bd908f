using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A reader running alongside publishes sees one whole snapshot version at a time.</summary>
public abstract partial class WarehouseContractTests
{
    private const int ConcurrentRows = 200_000;

    // One statement reads both tables, so all figures must come from one committed state.
    private const string VersionSql =
        "SELECT (SELECT MIN(label) FROM test_scores WHERE snapshot_date = DATE '2026-03-01'), " +
        "(SELECT MAX(label) FROM test_scores WHERE snapshot_date = DATE '2026-03-01'), " +
        "(SELECT COUNT(*) FROM test_scores WHERE snapshot_date = DATE '2026-03-01'), " +
        "(SELECT MIN(tag) FROM test_counts), (SELECT COUNT(*) FROM test_counts), " +
        "(SELECT COUNT(DISTINCT run_id) FROM test_scores)";

    [TestMethod]
    public async Task PublishAsync_ConcurrentReader_AlwaysSeesExactlyOneCompleteVersion()
    {
        var warehouse = await CreateWithSchemaAsync();
        OutputTable[] versions = [TestData.ScoreRows(ConcurrentRows, "A"), TestData.ScoreRows(ConcurrentRows, "B")];
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("v0", TestData.Day1), versions[0], TestData.CountRows("A", ConcurrentRows)), Token);
        await using var session = await OpenSessionAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var observed = new List<string>();
        var reader = Task.Run(
            async () =>
            {
                do
                {
                    observed.Add(string.Join('|', (await session.QueryAsync(VersionSql))[0]));
                }
                while (!stop.IsCancellationRequested);
            },
            Token);

        try
        {
            for (var i = 1; i <= 3; i++)
            {
                var tag = i % 2 == 0 ? "A" : "B";
                await warehouse.PublishAsync(
                    TestData.Publication(TestData.Run($"v{i}", TestData.Day1, i), versions[i % 2], TestData.CountRows(tag, ConcurrentRows)), Token);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }

        var allowed = new[] { $"A|A|{ConcurrentRows}|A|1|1", $"B|B|{ConcurrentRows}|B|1|1" };
        var bad = observed.Where(o => !allowed.Contains(o)).Distinct().ToList();
        Assert.IsEmpty(bad, "mixed or partial states seen: " + string.Join("; ", bad));
        Assert.IsNotEmpty(observed);
        TestContext.WriteLine($"reader observed {observed.Count} states, {observed.Distinct().Count()} distinct");
    }
}
