using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Postgres;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>PostgreSQL-only behaviour: locations, column types, the writer lock, a dropped connection, text limits.</summary>
public sealed partial class PostgresWarehouseTests
{
    [TestMethod]
    public void CanOpen_Locations_AcceptsOnlyPostgresScheme()
    {
        var factory = new PostgresWarehouseFactory();

        Assert.IsTrue(factory.CanOpen("postgres:Host=localhost;Database=dw"));
        Assert.IsFalse(factory.CanOpen("duckdb:data/warehouse.duckdb"));
        Assert.IsFalse(factory.CanOpen("Host=localhost"));
    }

    [TestMethod]
    public void Open_LocationWithPassword_DescriptionNamesSchemaButNoPassword()
    {
        var factory = new PostgresWarehouseFactory();

        var custom = factory.Open("postgres:Host=db.example;Port=5433;Database=dw;Username=etl;Password=s3cret;Schema=analytics");
        var plain = factory.Open("postgres:Host=db.example;Database=dw;Username=etl;Password=s3cret");

        Assert.AreEqual("postgres:Host=db.example;Port=5433;Database=dw;Username=etl;Schema=analytics", custom.Description);
        StringAssert.EndsWith(plain.Description, ";Schema=recsys");
        Assert.DoesNotContain("s3cret", custom.Description + plain.Description);
    }

    [TestMethod]
    public void Open_UnknownConnectionStringKey_ThrowsRecsysException()
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => new PostgresWarehouseFactory().Open("postgres:Host=x;Colour=blue;Password=s3cret"));

        StringAssert.Contains(error.Message, "not a valid connection string");
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [TestMethod]
    public async Task GetRunsAsync_ServerUnreachable_ThrowsRecsysExceptionWithoutPassword()
    {
        var missing = Path.Combine(Path.GetTempPath(), "recsys-no-server-" + Guid.NewGuid().ToString("N"));
        var warehouse = new PostgresWarehouseFactory().Open($"postgres:Host={missing};Username=etl;Password=s3cret;Timeout=3");

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token));

        StringAssert.StartsWith(error.Message, $"Warehouse postgres:Host={missing};");
        StringAssert.Contains(error.Message, "unreachable");
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_NewSchema_CreatesItWithPostgresTypesAndSnapshotIndex()
    {
        var warehouse = await CreateWarehouseAsync();

        await warehouse.EnsureSchemaAsync([TestData.Scores], Token);

        var types = await QueryAsync(
            "SELECT column_name, format_type(a.atttypid, a.atttypmod) FROM information_schema.columns c " +
            $"JOIN pg_attribute a ON a.attrelid = '\"{_schema}\".test_scores'::regclass AND a.attname = c.column_name " +
            $"WHERE c.table_schema = '{_schema}' AND c.table_name = 'test_scores' ORDER BY c.ordinal_position");
        Assert.AreEqual(
            "user_id bigint|run_id text|label text|snapshot_date date|score double precision|rank integer|flag boolean|day date|seen_at timestamp with time zone|embedding real[]|pipeline text",
            string.Join('|', types.Select(r => $"{r[0]} {r[1]}")));
        var indexes = await QueryAsync($"SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = '{_schema}' ORDER BY tablename");
        Assert.AreEqual(
            "job_runs:snapshot_date|model_metrics:snapshot_date, pipeline|rejected_events:snapshot_date, pipeline|test_scores:snapshot_date, pipeline",
            string.Join('|', indexes.Select(r => $"{r[0]}:{((string)r[1]!).Split('(')[1].TrimEnd(')')}")));
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_TableOfEarlierLayout_RebuiltWithSnapshotIndexAndGrants()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.TalliesBefore], Token);
        await QueryAsync("ALTER TABLE test_tallies DROP COLUMN pipeline");
        await QueryAsync("GRANT SELECT ON test_tallies TO PUBLIC");

        await warehouse.EnsureSchemaAsync([TestData.Tallies], Token);

        var indexes = await QueryAsync($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{_schema}' AND tablename = 'test_tallies'");
        Assert.AreEqual("snapshot_date, pipeline", string.Join('|', indexes.Select(r => ((string)r[0]!).Split('(')[1].TrimEnd(')'))));
        var granted = await QueryAsync(
            "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a " +
            $"WHERE c.oid = '\"{_schema}\".test_tallies'::regclass AND a.grantee = 0 AND a.privilege_type = 'SELECT'");
        Assert.AreEqual(1L, granted[0][0], "readers granted the old table read the new one");
        Assert.AreEqual(0L, (await QueryAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_schema}' AND tablename LIKE '%migrating'"))[0][0]);
    }

    [TestMethod]
    public async Task PublishAsync_SameSnapshotFromTwoWarehousesAtOnce_LeavesOneVersionWithoutDuplicates()
    {
        var first = await CreateWarehouseAsync();
        var second = await CreateWarehouseAsync();
        await first.EnsureSchemaAsync([TestData.Scores, TestData.Counts], Token);

        await Task.WhenAll(
            Task.Run(() => first.PublishAsync(TestData.Publication(TestData.Run("p1", TestData.Day1, 1), TestData.ScoreRows(20_000, "one")), Token), Token),
            Task.Run(() => second.PublishAsync(TestData.Publication(TestData.Run("p2", TestData.Day1, 2), TestData.ScoreRows(20_000, "two")), Token), Token));

        var rows = await QueryAsync("SELECT run_id, COUNT(*), COUNT(DISTINCT user_id) FROM test_scores GROUP BY run_id");
        Assert.HasCount(1, rows, "rows of both publishes are left");
        Assert.AreEqual((20_000L, 20_000L), ((long)rows[0][1]!, (long)rows[0][2]!));
        var runs = await first.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token);
        Assert.AreEqual("succeeded,succeeded", string.Join(',', runs.Select(r => r.Status)));
    }

    [TestMethod]
    public async Task Connection_TerminatedInsidePublishTransaction_LeavesPreviousSnapshot()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.Scores, TestData.Counts], Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("good", TestData.Day1), TestData.ScoreRows(50, "old")), Token);

        // What a killed publish leaves behind: deletes and new rows in a transaction whose client is gone.
        var killed = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { SearchPath = _schema, Pooling = false }.ConnectionString);
        await killed.OpenAsync(Token);
        await using (var transaction = await killed.BeginTransactionAsync(Token))
        {
            await using var command = new NpgsqlCommand("DELETE FROM test_scores; DELETE FROM job_runs; INSERT INTO test_counts VALUES ('x', DATE '2026-03-01', 'junk', 1, 'nightly')", killed);
            await command.ExecuteNonQueryAsync(Token);
            var terminated = await QueryAsync($"SELECT pg_terminate_backend({killed.ProcessID})");
            Assert.IsTrue((bool)terminated[0][0]!);
        }

        await killed.DisposeAsync();
        var rows = await QueryAsync("SELECT label, COUNT(*) FROM test_scores GROUP BY label");
        CollectionAssert.AreEqual(new object?[] { "old", 50L }, rows.Single());
        Assert.AreEqual(0L, (long)(await QueryAsync("SELECT COUNT(*) FROM test_counts"))[0][0]!);
        Assert.AreEqual(RunStatus.Succeeded, (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token)).Single().Status);
    }

    [TestMethod]
    public async Task PublishAsync_TextWithNulCharacter_StoresReplacementCharacter()
    {
        var warehouse = await CreateWarehouseAsync();
        var rejected = new OutputTable(CoreTables.RejectedEvents,
            [new OutputColumn<string>(["csv:a.csv"]), new OutputColumn<long>([7]), new OutputColumn<string>(["u1,\0\0,view"]), new OutputColumn<string>(["bad item id"])]);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), rejected), Token);

        Assert.AreEqual("u1,\uFFFD\uFFFD,view", (await QueryAsync("SELECT raw FROM rejected_events"))[0][0]);
    }

    [TestMethod]
    public async Task PublishAsync_TwoSchemasOnOneServer_KeepTheirOwnTables()
    {
        var other = TestPostgres.NewSchema("wh_other");
        try
        {
            var warehouse = await CreateWarehouseAsync();
            var otherWarehouse = new PostgresWarehouseFactory().Open($"postgres:{TestPostgres.ConnectionString};Schema={other}");

            await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), TestData.ScoreRows(3, "mine")), Token);
            await otherWarehouse.PublishAsync(TestData.Publication(TestData.Run("r2", TestData.Day1), TestData.ScoreRows(5, "theirs")), Token);

            CollectionAssert.AreEqual(new object?[] { "mine", 3L }, (await QueryAsync("SELECT MIN(label), COUNT(*) FROM test_scores"))[0]);
            Assert.AreEqual("r2", (await otherWarehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token)).Single().RunId);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(other);
        }
    }

    [TestMethod]
    public void AddPostgresWarehouse_CalledTwice_RegistersOneSingletonFactory()
    {
        var services = new ServiceCollection().AddPostgresWarehouse().AddPostgresWarehouse();
        using var provider = services.BuildServiceProvider();

        var factories = provider.GetServices<IWarehouseFactory>().ToList();

        Assert.HasCount(1, factories);
        Assert.IsInstanceOfType<PostgresWarehouseFactory>(factories[0]);
    }
}
