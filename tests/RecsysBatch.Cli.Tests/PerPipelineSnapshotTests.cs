namespace RecsysBatch.Cli.Tests;

/// <summary>Two pipelines publishing the same snapshot into one warehouse: every table stays unambiguous per pipeline.</summary>
[TestClass]
public sealed class PerPipelineSnapshotTests
{
    [TestMethod]
    public void Run_NightlyThenValueSameAsOf_EveryTableHasOneRunPerPipelineAndSnapshot()
    {
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");
        var nightly = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), "--warehouse", "duckdb:" + db);
        Assert.AreEqual(0, nightly.ExitCode, nightly.StdErr);
        var asOf = ((DateOnly)WarehouseReader.Query(db, "SELECT snapshot_date FROM job_runs")[0][0]!).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var value = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--as-of", asOf, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, value.ExitCode, value.StdErr);
        var runs = WarehouseReader.Query(db, "SELECT pipeline, run_id FROM job_runs WHERE status = 'succeeded'").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.HasCount(2, runs);
        var tables = WarehouseReader.Query(db, "SELECT table_name FROM information_schema.columns WHERE column_name = 'pipeline' AND table_name <> 'job_runs'")
            .Select(r => (string)r[0]!).ToList();
        Assert.IsGreaterThan(10, tables.Count, string.Join(", ", tables));
        foreach (var table in tables)
        {
            var mixed = WarehouseReader.Query(db, $"SELECT pipeline, count(DISTINCT run_id) FROM \"{table}\" GROUP BY snapshot_date, pipeline HAVING count(DISTINCT run_id) > 1");
            Assert.IsEmpty(mixed, $"{table} mixes runs within one (snapshot, pipeline)");
            var wrong = WarehouseReader.Scalar(db, $"SELECT count(*) FROM \"{table}\" t JOIN job_runs j ON j.run_id = t.run_id WHERE j.pipeline <> t.pipeline");
            Assert.AreEqual(0L, wrong, $"{table}: a row's pipeline is its run's");
        }

        foreach (var table in new[] { "user_features", "user_value_scores", "model_metrics" })
        {
            var owners = WarehouseReader.Query(db, $"SELECT pipeline, run_id FROM \"{table}\" GROUP BY pipeline, run_id ORDER BY pipeline");
            Assert.AreEqual($"nightly:{runs["nightly"]},value:{runs["value"]}", string.Join(',', owners.Select(r => $"{r[0]}:{r[1]}")), table);
        }

        Assert.AreEqual(runs["nightly"], (string)WarehouseReader.Query(db, "SELECT DISTINCT run_id FROM candidates WHERE pipeline = 'nightly'")[0][0]!);
    }
}
