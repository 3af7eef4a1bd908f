using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>DuckDB-only behaviour: crash safety of an open transaction, locations, registration, quoting.</summary>
public sealed partial class DuckDbWarehouseTests
{
    [TestMethod]
    public async Task Connection_ClosedWithTransactionUncommitted_LeavesPreviousSnapshot()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.Scores, TestData.Counts], Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("good", TestData.Day1), TestData.ScoreRows(50, "old")), Token);

        // What a killed publish leaves behind: deletes and appended rows in a transaction that never commits.
        using (var connection = new DuckDBConnection("Data Source=" + _path))
        {
            connection.Open();
            var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "DELETE FROM test_scores; DELETE FROM job_runs;";
                command.ExecuteNonQuery();
            }

            using (var appender = connection.CreateAppender("test_counts"))
            {
                appender.CreateRow().AppendValue("junk").AppendValue((DateOnly?)TestData.Day1).AppendValue("x").AppendValue((long?)1).AppendValue(TestData.Pipeline).EndRow();
            }

            GC.KeepAlive(transaction);
        }

        // No connection is open now, so the next one reopens the file from disk (WAL replay included).
        var rows = await QueryAsync("SELECT label, COUNT(*) FROM test_scores GROUP BY label");
        CollectionAssert.AreEqual(new object?[] { "old", 50L }, rows.Single());
        Assert.AreEqual(0L, Convert.ToInt64((await QueryAsync("SELECT COUNT(*) FROM test_counts"))[0][0]));
        Assert.AreEqual(RunStatus.Succeeded, (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token)).Single().Status);
    }

    [TestMethod]
    public async Task Open_RelativePathInMissingFolder_ResolvesAgainstCurrentDirectoryAndCreatesFolder()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_folder, "nested", "w.duckdb"));
        var factory = new DuckDbWarehouseFactory();

        var warehouse = factory.Open("duckdb:" + relative);
        await warehouse.EnsureSchemaAsync([], Token);

        Assert.AreEqual("duckdb:" + Path.Combine(_folder, "nested", "w.duckdb"), warehouse.Description);
        Assert.IsTrue(File.Exists(Path.Combine(_folder, "nested", "w.duckdb")));
    }

    [TestMethod]
    public void CanOpen_Locations_AcceptsOnlyDuckDbScheme()
    {
        var factory = new DuckDbWarehouseFactory();

        Assert.IsTrue(factory.CanOpen("duckdb:data/warehouse.duckdb"));
        Assert.IsFalse(factory.CanOpen("postgres:Host=localhost"));
        Assert.IsFalse(factory.CanOpen("warehouse.duckdb"));
    }

    [TestMethod]
    public void Open_LocationWithoutPath_ThrowsRecsysException()
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => new DuckDbWarehouseFactory().Open("duckdb:  "));

        StringAssert.Contains(error.Message, "names no file");
    }

    [TestMethod]
    public void AddDuckDbWarehouse_CalledTwice_RegistersOneSingletonFactory()
    {
        var services = new ServiceCollection().AddDuckDbWarehouse().AddDuckDbWarehouse();
        using var provider = services.BuildServiceProvider();

        var factories = provider.GetServices<IWarehouseFactory>().ToList();

        Assert.HasCount(1, factories);
        Assert.IsInstanceOfType<DuckDbWarehouseFactory>(factories[0]);
        Assert.AreSame(factories[0], provider.GetServices<IWarehouseFactory>().Single());
    }

    [TestMethod]
    public async Task PublishAsync_ReservedWordsAsNames_QuotesIdentifiers()
    {
        var warehouse = await CreateWarehouseAsync();
        var schema = new TableSchema("order",
            [new("run_id", ColumnType.String), new("snapshot_date", ColumnType.Date), new("group", ColumnType.String), new("select \"x\"", ColumnType.Int32)]);
        await warehouse.EnsureSchemaAsync([schema], Token);

        await warehouse.PublishAsync(
            new SnapshotPublication(TestData.Run("r1", TestData.Day1), [schema], [new OutputTable(schema, [new OutputColumn<string>(["g"]), new OutputColumn<int>([7])])]),
            Token);

        CollectionAssert.AreEqual(new object?[] { "g", 7 }, (await QueryAsync("SELECT \"group\", \"select \"\"x\"\"\" FROM \"order\"")).Single());
    }
}
