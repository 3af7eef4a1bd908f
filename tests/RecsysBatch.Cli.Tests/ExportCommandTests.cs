namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys export`: every snapshot table of a DuckDB or PostgreSQL warehouse to Parquet or CSV, rows equal to the tables'.</summary>
[TestClass]
public sealed class ExportCommandTests
{
    private static readonly string[] NightlyTables = ["job_runs", "candidates", "recommendations", "user_factors", "item_features", "model_metrics"];

    [TestMethod]
    public void Export_PublishedNightlyToParquet_ReadParquetCountsEqualEveryTable()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 120, days: 30, seed: 7);
        var db = temp.File("w.duckdb");
        var run = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);
        Assert.AreEqual(0, run.ExitCode, run.StdErr);
        var folder = temp.File("export");

        var outcome = RecsysProcess.Run(temp.Path, "export", "--warehouse", "duckdb:" + db, "--format", "parquet", "--out", folder);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var tables = WarehouseReader.Query(db, "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'snapshot_date' ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();
        CollectionAssert.IsSubsetOf(NightlyTables, tables);
        CollectionAssert.AreEqual(tables, Directory.GetFiles(folder).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList());
        foreach (var table in tables)
        {
            var rows = WarehouseReader.Scalar(db, $"SELECT count(*) FROM \"{table}\"");
            Assert.AreEqual(rows, WarehouseReader.Scalar(db, $"SELECT count(*) FROM read_parquet('{Path.Combine(folder, table + ".parquet")}')"), table);
            StringAssert.Contains(outcome.StdOut, $"{rows:N0} rows  {Path.Combine(folder, table + ".parquet")}");
        }

        Assert.IsGreaterThan(0L, WarehouseReader.Scalar(db, $"SELECT count(*) FROM read_parquet('{Path.Combine(folder, "user_factors.parquet")}') WHERE len(factors) > 0"));
    }

    [TestMethod]
    public void Export_CsvOfOneTable_ReadsBackToTheSameValues()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 60, days: 14, seed: 8);
        var db = temp.File("w.duckdb");
        var run = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);
        Assert.AreEqual(0, run.ExitCode, run.StdErr);
        var folder = temp.File("csv");

        var outcome = RecsysProcess.Run(temp.Path, "export", "--warehouse", "duckdb:" + db, "--format", "csv", "--table", "item_features", "--out", folder);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var file = Path.Combine(folder, "item_features.csv");
        CollectionAssert.AreEqual(new[] { file }, Directory.GetFiles(folder));
        var columns = WarehouseReader.Query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'item_features' ORDER BY ordinal_position")
            .Select(r => $"CAST(\"{r[0]}\" AS VARCHAR)").ToList();
        var list = string.Join(", ", columns);
        var table = WarehouseReader.Scalar(db, "SELECT count(*) FROM item_features");
        Assert.IsGreaterThan(0L, table);
        Assert.AreEqual(table, WarehouseReader.Scalar(db, $"SELECT count(*) FROM read_csv('{file}', header = true, all_varchar = true)"));
        Assert.AreEqual(0L, WarehouseReader.Scalar(db,
            $"SELECT count(*) FROM (SELECT {list} FROM item_features EXCEPT ALL SELECT * FROM read_csv('{file}', header = true, all_varchar = true))"));
    }

    [TestMethod]
    public void Export_NoSucceededRunOfTheSnapshot_ExitsTwoNamingIt()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 40, days: 10, seed: 9);
        var db = temp.File("w.duckdb");
        var run = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);
        Assert.AreEqual(0, run.ExitCode, run.StdErr);

        var outcome = RecsysProcess.Run(temp.Path, "export", "--warehouse", "duckdb:" + db, "--snapshot", "2001-01-01", "--out", temp.File("none"));

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, "no succeeded run of snapshot 2001-01-01");
    }

    [TestMethod]
    public async Task Export_PostgresWarehouse_WritesTheSameRowsAsItsTables()
    {
        var connection = PostgresRunTests.ConnectionString;
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 80, days: 20, seed: 10);
        var schema = "export_" + Guid.NewGuid().ToString("N")[..16];
        var location = $"postgres:{connection};Schema={schema}";
        try
        {
            var run = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), "--source", "canonical:" + events, "--warehouse", location);
            Assert.AreEqual(0, run.ExitCode, run.StdErr);
            var folder = temp.File("export");

            var outcome = RecsysProcess.Run(temp.Path, "export", "--warehouse", location, "--out", folder);

            Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
            var tables = (await PostgresRunTests.QueryAsync(schema,
                $"SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = '{schema}' AND column_name = 'snapshot_date' ORDER BY 1"))
                .Select(r => (string)r[0]!).ToList();
            CollectionAssert.Contains(tables, "user_factors");
            var scratch = temp.File("read.duckdb");
            foreach (var table in tables)
            {
                var rows = (long)(await PostgresRunTests.QueryAsync(schema, $"SELECT count(*) FROM \"{table}\""))[0][0]!;
                Assert.AreEqual(rows, DuckDbScalar(scratch, $"SELECT count(*) FROM read_parquet('{Path.Combine(folder, table + ".parquet")}')"), table);
            }

            // Types survive the trip through the in-memory DuckDB: dates stay dates, factor arrays stay arrays.
            Assert.AreEqual("DATE", DuckDbText(scratch, $"SELECT typeof(snapshot_date) FROM read_parquet('{Path.Combine(folder, "user_factors.parquet")}') LIMIT 1"));
            Assert.AreEqual("FLOAT[]", DuckDbText(scratch, $"SELECT typeof(factors) FROM read_parquet('{Path.Combine(folder, "user_factors.parquet")}') LIMIT 1"));
        }
        finally
        {
            await PostgresRunTests.QueryAsync(null, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    private static long DuckDbScalar(string scratch, string sql)
    {
        EnsureFile(scratch);
        return WarehouseReader.Scalar(scratch, sql);
    }

    private static string DuckDbText(string scratch, string sql)
    {
        EnsureFile(scratch);
        return (string)WarehouseReader.Query(scratch, sql)[0][0]!;
    }

    private static void EnsureFile(string path)
    {
        if (!File.Exists(path))
        {
            using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=" + path);
            connection.Open();
        }
    }
}
