using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A snapshot table of an earlier layout is rebuilt by name when its changes are declared, and is an error otherwise.</summary>
public abstract partial class WarehouseContractTests
{
    [TestMethod]
    public async Task EnsureSchemaAsync_TableWithRenamedAndMissingColumns_KeepsValuesUnderNewNamesAndFillsPipeline()
    {
        var warehouse = await CreateWarehouseAsync();
        await CreateEarlierTalliesAsync(warehouse, TestData.TalliesBefore);
        await QueryAsync("INSERT INTO job_runs (run_id, pipeline, snapshot_date, status, started_at, input_rows, rejected_rows, app_version) VALUES " +
            "('old1', 'nightly', DATE '2026-03-01', 'succeeded', TIMESTAMP '2026-03-01 02:00:00', 10, 0, '0.9')");
        await QueryAsync("INSERT INTO test_tallies (run_id, snapshot_date, tag, n_items) VALUES " +
            "('old1', DATE '2026-03-01', 'a', 7), ('gone', DATE '2026-03-01', 'c', 3)");

        await warehouse.EnsureSchemaAsync([TestData.Tallies], Token);

        var columns = await QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'test_tallies' AND table_schema = current_schema() ORDER BY ordinal_position");
        Assert.AreEqual("run_id,snapshot_date,tag,items,share,remark,pipeline", string.Join(',', columns.Select(r => r[0])), "the layout of a table created now");
        var rows = await QueryAsync("SELECT run_id, items, share, remark, pipeline FROM test_tallies ORDER BY run_id");
        Assert.AreEqual("gone:3:::unknown,old1:7:::nightly", string.Join(',', rows.Select(r => string.Join(':', r))), "old values under the new name, new columns null");

        // Opening it again finds this version's layout; a publish replaces nightly's rows of the date like in a new table.
        await warehouse.EnsureSchemaAsync([TestData.Tallies], Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("new", TestData.Day1), TestData.TallyRows("d", 5, 0.5)) with { ReplacedTables = [TestData.Tallies] }, Token);
        var after = await QueryAsync("SELECT tag, items, share, pipeline FROM test_tallies ORDER BY tag");
        Assert.AreEqual("c:3::unknown,d:5:0.5:nightly", string.Join(',', after.Select(r => string.Join(':', r))));
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_NotNullColumnNowNullable_KeepsValuesAndTakesNulls()
    {
        // As user_value_scores.p_alive: NOT NULL in the earlier version, null now where the value is unknown.
        var warehouse = await CreateWarehouseAsync();
        var strict = new TableSchema("test_tallies", [.. TestData.Tallies.Columns.Select(c => c.Name == "share" ? c with { Nullable = false } : c)]);
        await warehouse.EnsureSchemaAsync([strict], Token);
        await QueryAsync("INSERT INTO test_tallies (run_id, snapshot_date, tag, items, share, pipeline) VALUES ('old1', DATE '2026-03-01', 'a', 7, 0.25, 'nightly')");

        await warehouse.EnsureSchemaAsync([TestData.Tallies], Token);
        await QueryAsync("INSERT INTO test_tallies (run_id, snapshot_date, tag, items, share, pipeline) VALUES ('new', DATE '2026-03-02', 'b', 1, NULL, 'nightly')");

        var rows = await QueryAsync("SELECT tag, items, share FROM test_tallies ORDER BY tag");
        Assert.AreEqual("a:7:0.25,b:1:", string.Join(',', rows.Select(r => string.Join(':', r))));
    }

    [TestMethod]
    [DataRow("retyped", DisplayName = "a renamed column whose type changed")]
    [DataRow("extra", DisplayName = "a column this version does not declare")]
    [DataRow("required", DisplayName = "a new NOT NULL column")]
    public async Task EnsureSchemaAsync_TableOfEarlierLayoutWithUndeclaredChange_ThrowsNamingTableAndKeepsIt(string change)
    {
        var warehouse = await CreateWarehouseAsync();
        var before = change switch
        {
            "retyped" => new TableSchema("test_tallies", [.. TestData.TalliesBefore.Columns.Select(c => c.Name == "n_items" ? c with { Type = ColumnType.Double } : c)]),
            "extra" => new TableSchema("test_tallies", [.. TestData.TalliesBefore.Columns, new ColumnSchema("legacy", ColumnType.String, Nullable: true)]),
            _ => TestData.TalliesBefore,
        };
        var wanted = change == "required"
            ? new TableSchema("test_tallies", [.. TestData.Tallies.Columns, new ColumnSchema("weight", ColumnType.Double)])
            : TestData.Tallies;
        await CreateEarlierTalliesAsync(warehouse, before);
        await QueryAsync("INSERT INTO test_tallies (run_id, snapshot_date, tag, n_items) VALUES ('old1', DATE '2026-03-01', 'a', 7)");

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.EnsureSchemaAsync([wanted], Token));

        StringAssert.Contains(error.Message, "test_tallies");
        Assert.AreEqual(1L, await CountAsync("SELECT COUNT(*) FROM test_tallies WHERE n_items = 7"), "the table is left as it was");
    }

    /// <summary>The table as the earlier version left it: created in <paramref name="layout"/>, without the pipeline column.</summary>
    private async Task CreateEarlierTalliesAsync(Core.Warehouse.IWarehouse warehouse, TableSchema layout)
    {
        await warehouse.EnsureSchemaAsync([layout], Token);
        await QueryAsync("ALTER TABLE test_tallies DROP COLUMN pipeline");
    }
}
