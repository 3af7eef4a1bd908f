namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys query` on a published DuckDB warehouse: a text table, CSV, and one-line exit 2 for bad SQL and writes.</summary>
[TestClass]
public sealed class QueryCommandTests
{
    private static TempFolder? _temp;
    private static string _db = "";

    [ClassInitialize]
    public static void PublishWarehouse(TestContext context)
    {
        _ = context;
        _temp = new TempFolder();
        _db = _temp.File("w.duckdb");
        var events = RunCommandTests.Sample(_temp, users: 60, days: 14, seed: 5);
        var outcome = RecsysProcess.Run(_temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--source", "canonical:" + events, "--warehouse", "duckdb:" + _db);
        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
    }

    [ClassCleanup]
    public static void Cleanup() => _temp?.Dispose();

    [TestMethod]
    public void Query_Select_PrintsAlignedHeaderRowsAndCount()
    {
        var outcome = RecsysProcess.Run(_temp!.Path, "query", "--warehouse", "duckdb:" + _db, "SELECT pipeline, status, input_rows FROM job_runs");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var lines = outcome.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.HasCount(4, lines, outcome.StdOut);
        StringAssert.StartsWith(lines[0], "pipeline | status    | input_rows");
        StringAssert.StartsWith(lines[1], "---------+-----------+-");
        var rows = WarehouseReader.Scalar(_db, "SELECT input_rows FROM job_runs");
        StringAssert.StartsWith(lines[2], "value    | succeeded | ");
        Assert.EndsWith(rows.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[2], "numbers are right-aligned under their header");
        Assert.AreEqual(lines[0].Length, lines[2].Length);
        Assert.AreEqual("(1 row)", lines[3]);
    }

    [TestMethod]
    public void Query_CsvWithMaxRows_PrintsRfc4180HeaderAndThatManyRows()
    {
        var outcome = RecsysProcess.Run(_temp!.Path, "query", "--warehouse", "duckdb:" + _db, "--csv", "--max-rows", "2",
            "SELECT 'a,b' AS text, 'say \"hi\"' AS quoted, NULL AS nothing, user_id FROM user_features ORDER BY user_id");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var first = WarehouseReader.Query(_db, "SELECT user_id FROM user_features ORDER BY user_id LIMIT 2");
        Assert.AreEqual(
            $"text,quoted,nothing,user_id\r\n\"a,b\",\"say \"\"hi\"\"\",,{first[0][0]}\r\n\"a,b\",\"say \"\"hi\"\"\",,{first[1][0]}\r\n",
            outcome.StdOut);
    }

    [TestMethod]
    public void Query_BadSql_ExitsTwoWithOneLine()
    {
        var outcome = RecsysProcess.Run(_temp!.Path, "query", "--warehouse", "duckdb:" + _db, "SELEC * FROM job_runs");

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual("", outcome.StdOut);
        var lines = outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, outcome.StdErr);
        StringAssert.StartsWith(lines[0], "recsys: error: Query on duckdb:");
        StringAssert.Contains(lines[0], "syntax error");
    }

    [TestMethod]
    public void Query_WriteStatement_IsRefusedAndChangesNothing()
    {
        var before = WarehouseReader.Scalar(_db, "SELECT count(*) FROM user_features");

        var outcome = RecsysProcess.Run(_temp!.Path, "query", "--warehouse", "duckdb:" + _db, "DELETE FROM user_features");

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, "read-only");
        Assert.AreEqual(before, WarehouseReader.Scalar(_db, "SELECT count(*) FROM user_features"));
        Assert.IsGreaterThan(0L, before);
    }
}
