using System.Text.Json.Nodes;

namespace RecsysBatch.Cli.Tests.RealLogs;

/// <summary>The nightly pipeline over one real log through the real `recsys run`, into a DuckDB file of its own.</summary>
internal sealed class RealLogRun
{
    private RealLogRun(string database) => Database = database;

    public string Database { get; }

    /// <summary>
    /// Runs pipelines/nightly.pipeline.json with <paramref name="horizonDays"/> and, when given, the rank stage's
    /// labelEvent (a log without purchases enough, like the Taobao slice, labels by view); asserts it succeeded.
    /// </summary>
    public static RealLogRun Nightly(TempFolder temp, string source, int horizonDays, string? rankLabelEvent = null)
    {
        var pipeline = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json")))!;
        pipeline["horizonDays"] = horizonDays;
        pipeline["sources"] = new JsonArray();
        if (rankLabelEvent is not null)
        {
            var rank = pipeline["stages"]!.AsArray().Single(s => (string?)s!["name"] == "rank")!;
            rank["options"] = new JsonObject { ["labelEvent"] = rankLabelEvent };
        }

        pipeline.AsObject().Remove("$schema");
        var path = temp.File("nightly.pipeline.json");
        File.WriteAllText(path, pipeline.ToJsonString());
        var database = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", path, "--source", source, "--warehouse", "duckdb:" + database);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        return new RealLogRun(database);
    }

    public List<object?[]> Query(string sql) => WarehouseReader.Query(Database, sql);

    public long Scalar(string sql) => WarehouseReader.Scalar(Database, sql);
}
