namespace RecsysBatch.Cli.Tests;

/// <summary>
/// A model path that is not a model file is bad input (exit 1, one line), never a bug (exit 3): `/dev/zero`
/// used to be read whole until the process ran out of memory.
/// </summary>
[TestClass]
public sealed class ModelFileTests
{
    [TestMethod]
    [DataRow("/dev/zero", "is not a regular file")]
    [DataRow(".", "is a directory")]
    public void Run_ModelPathNotARegularFile_FailsWithOneLine(string modelPath, string problem)
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 150, days: 12, seed: 8);
        var pipeline = temp.File("rank.pipeline.json");
        File.WriteAllText(pipeline, $$"""
            {
              "name": "rank",
              "horizonDays": 3,
              "stages": [
                { "name": "ingest" }, { "name": "featurize" }, { "name": "factorize" },
                { "name": "rank", "options": { "retrain": false, "modelPath": "{{modelPath}}", "behaviorPredictions": false } }
              ]
            }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr);
        StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: rank: ranking model (option modelPath)");
        StringAssert.Contains(outcome.LastErrorLine, problem);
        Assert.AreEqual(1L, WarehouseReader.Scalar(temp.File("w.duckdb"), "SELECT count(*) FROM job_runs WHERE status = 'failed'"));
    }
}
