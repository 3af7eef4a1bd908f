using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>IWarehouse.QueryAsync: what analysts' commands (query, export, report) read, the same on both warehouses.</summary>
public abstract partial class WarehouseContractTests
{
    [TestMethod]
    public async Task QueryAsync_PublishedSnapshot_ReturnsColumnsTypesAndRowsWithNulls()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("q1", TestData.Day1), TestData.ScoreRows(3, "q1")), Token);

        var result = await warehouse.QueryAsync("SELECT run_id, status, CAST(NULL AS VARCHAR) AS nothing FROM job_runs ORDER BY run_id", Token);

        Assert.AreEqual("run_id,status,nothing", string.Join(",", result.Columns));
        Assert.AreEqual(typeof(string), result.ColumnTypes[0]);
        Assert.HasCount(1, result.Rows);
        Assert.AreEqual("q1", result.Rows[0][result.IndexOf("RUN_ID")]);
        Assert.AreEqual("succeeded", result.Rows[0][1]);
        Assert.IsNull(result.Rows[0][2], "a database null is null, not DBNull");
        var scores = await warehouse.QueryAsync("SELECT COUNT(*) AS n FROM test_scores", Token);
        Assert.AreEqual(3L, Convert.ToInt64(scores.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task QueryAsync_StatementThatWrites_IsRefusedAndChangesNothing()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("q1", TestData.Day1), TestData.ScoreRows(3, "q1")), Token);

        var error = await Assert.ThrowsAsync<RecsysException>(() => warehouse.QueryAsync("DELETE FROM test_scores", Token));

        StringAssert.Contains(error.Message, "Query on ");
        Assert.AreEqual(3L, await CountAsync("SELECT COUNT(*) FROM test_scores"), "a read-only query deletes nothing");
    }

    [TestMethod]
    public async Task QueryAsync_BadSql_IsOneLineErrorWithTheDatabaseMessage()
    {
        var warehouse = await CreateWithSchemaAsync();

        var error = await Assert.ThrowsAsync<RecsysException>(() => warehouse.QueryAsync("SELECT * FROM no_such_table", Token));

        StringAssert.Contains(error.Message, "no_such_table");
        Assert.DoesNotContain("\n", error.Message);
    }
}
