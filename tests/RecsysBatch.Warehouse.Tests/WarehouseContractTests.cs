using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>
/// The warehouse contract, run against every implementation (DuckDB here, PostgreSQL later) by subclassing.
/// Assertions use plain portable SQL; <see cref="QueryAsync"/> returns dates as DateOnly, timestamps as UTC
/// DateTime, integers as long or int, arrays as float[] and SQL NULL as null.
/// </summary>
public abstract partial class WarehouseContractTests
{
    public TestContext TestContext { get; set; } = null!;

    protected CancellationToken Token => TestContext.CancellationToken;

    /// <summary>A fresh, empty warehouse for one test.</summary>
    protected abstract Task<IWarehouse> CreateWarehouseAsync();

    /// <summary>The warehouse created last, opened again with <paramref name="faults"/> injected.</summary>
    protected abstract IWarehouse OpenWithFaults(IFaultHooks faults);

    /// <summary>Opens a reader connection to the warehouse created last (an analyst's session).</summary>
    protected abstract Task<IQuerySession> OpenSessionAsync();

    /// <summary>Runs one query on its own short-lived connection.</summary>
    protected async Task<List<object?[]>> QueryAsync(string sql)
    {
        var session = await OpenSessionAsync();
        await using (session)
        {
            return await session.QueryAsync(sql);
        }
    }

    private async Task<IWarehouse> CreateWithSchemaAsync()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.Scores, TestData.Counts], Token);
        return warehouse;
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64((await QueryAsync(sql))[0][0]);

    [TestMethod]
    public async Task EnsureSchemaAsync_CalledTwice_CreatesCoreAndGivenTablesOnce()
    {
        var warehouse = await CreateWarehouseAsync();

        await warehouse.EnsureSchemaAsync([TestData.Scores], Token);
        await warehouse.EnsureSchemaAsync([TestData.Scores, TestData.Scores], Token);

        foreach (var table in new[] { "test_scores", "job_runs", "model_metrics", "rejected_events" })
        {
            Assert.AreEqual(0L, await CountAsync($"SELECT COUNT(*) FROM {table}"), table);
        }
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_TableExistsWithOtherColumns_ThrowsNamingTableAndDifference()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.Counts], Token);
        var changed = new TableSchema(TestData.Counts.Name,
            [.. TestData.Counts.Columns.Where(c => c.Name != "n"), new ColumnSchema("total", ColumnType.Double)]);

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.EnsureSchemaAsync([changed], Token));

        StringAssert.Contains(error.Message, "test_counts");
        StringAssert.Contains(error.Message, "total");
        StringAssert.Contains(error.Message, "n BIGINT");
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_NullableColumnNowNotNull_Throws()
    {
        // Relaxing NOT NULL is migrated (see Migrations); the reverse would need a value for old nulls, so it stays an error.
        var warehouse = await CreateWarehouseAsync();
        var loose = new TableSchema(TestData.Counts.Name,
            [.. TestData.Counts.Columns.Select(c => c.Name == "tag" ? c with { Nullable = true } : c)]);
        await warehouse.EnsureSchemaAsync([loose], Token);

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.EnsureSchemaAsync([TestData.Counts], Token));

        StringAssert.Contains(error.Message, "tag");
    }

    [TestMethod]
    public async Task PublishAsync_NewSnapshot_WritesRowsWithSnapshotDateAndRunId()
    {
        var warehouse = await CreateWithSchemaAsync();

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), TestData.ScoreRows(3, "a")), Token);

        var rows = await QueryAsync("SELECT user_id, run_id, label, snapshot_date, score, rank, flag, day, seen_at FROM test_scores ORDER BY user_id");
        Assert.HasCount(3, rows);
        CollectionAssert.AreEqual(
            new object?[] { 2L, "r1", "a", TestData.Day1, 1.0, 3, true, TestData.Day1.AddDays(-2), new DateTime(2026, 2, 28, 12, 0, 2, DateTimeKind.Utc) },
            rows[2]);
        Assert.AreEqual(DateTimeKind.Utc, ((DateTime)rows[2][8]!).Kind);
    }

    [TestMethod]
    public async Task PublishAsync_WithProgress_ReportsEachTableAndRowsInsideLargeOnesUpToTheTotal()
    {
        var warehouse = await CreateWithSchemaAsync();
        var reports = new List<PublishProgress>();
        var publication = TestData.Publication(TestData.Run("r1", TestData.Day1), TestData.ScoreRows(40_000, "a"), TestData.CountRows("b", 7))
            with { Progress = new ListProgress<PublishProgress>(reports) };

        await warehouse.PublishAsync(publication, Token);

        Assert.AreEqual(40_001L, publication.TotalRows);
        Assert.IsTrue(reports.All(r => r.TotalRows == 40_001), "every report carries the publication's total");
        Assert.AreEqual("test_scores,test_counts", string.Join(',', reports.Select(r => r.Table).Where(t => t.Length > 0).Distinct()));
        Assert.AreEqual(new PublishProgress("test_scores", 0, 40_001), reports[0]);
        Assert.IsTrue(reports.Count(r => r.Table == "test_scores" && r.RowsWritten is > 0 and < 40_000) >= 2, "rows are reported inside a large table");
        Assert.AreEqual(new PublishProgress("test_counts", 40_000, 40_001), reports.Single(r => r.Table == "test_counts"));
        Assert.AreEqual(new PublishProgress("", 40_001, 40_001), reports[^1]);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.IsGreaterThanOrEqualTo(reports[i - 1].RowsWritten, reports[i].RowsWritten, "rows written never go back");
        }
    }

    [TestMethod]
    public async Task PublishAsync_SameSnapshotTwice_ReplacesRowsAndKeepsOtherSnapshots()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.ScoreRows(4, "day1")), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2a", TestData.Day2), TestData.ScoreRows(5, "old")), Token);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2b", TestData.Day2, 1), TestData.ScoreRows(2, "new")), Token);

        var rows = await QueryAsync("SELECT snapshot_date, run_id, label, COUNT(*) FROM test_scores GROUP BY snapshot_date, run_id, label ORDER BY snapshot_date");
        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new object?[] { TestData.Day1, "d1", "day1", 4L }, rows[0]);
        CollectionAssert.AreEqual(new object?[] { TestData.Day2, "d2b", "new", 2L }, rows[1]);
    }

    [TestMethod]
    public async Task PublishAsync_ReplacedTableWithoutRows_EmptiesItForThatSnapshotOnly()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.CountRows("x", 1)), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2a", TestData.Day2), TestData.CountRows("y", 2)), Token);

        // The stage that writes test_counts was skipped: the table is still declared replaced, with no rows.
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2b", TestData.Day2, 1), TestData.ScoreRows(1, "s")), Token);

        var rows = await QueryAsync("SELECT snapshot_date, tag FROM test_counts ORDER BY snapshot_date");
        Assert.HasCount(1, rows);
        CollectionAssert.AreEqual(new object?[] { TestData.Day1, "x" }, rows[0]);
    }
}

/// <summary>Collects reports synchronously (System.Progress would post them to the thread pool).</summary>
internal sealed class ListProgress<T>(List<T> reports) : IProgress<T>
{
    public void Report(T value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
