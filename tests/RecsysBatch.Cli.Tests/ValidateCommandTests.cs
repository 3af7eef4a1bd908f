namespace RecsysBatch.Cli.Tests;

[TestClass]
public sealed class ValidateCommandTests
{
    [TestMethod]
    public void Validate_RepositoryPipelines_AreValid()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines"), "*.pipeline.json"))
        {
            var outcome = RecsysProcess.Run(RepoPaths.Root, "validate", file);
            Assert.AreEqual(0, outcome.ExitCode, $"{file}: {outcome.StdOut}{outcome.StdErr}");
        }
    }

    [TestMethod]
    public void Validate_BadPipeline_ReportsEveryProblemWithItsJsonPath()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.pipeline.json");
        File.WriteAllText(path, """
            {
              "name": "Bad Name",
              "horizonDays": 0,
              "colour": "blue",
              "sources": [ { "format": "excel", "path": "x.xlsx" } ],
              "stages": [ { "name": "ingest", "options": { "maxRejectedShare": 2 } } ]
            }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "validate", path);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.StdOut, "$.name");
        StringAssert.Contains(outcome.StdOut, "$.horizonDays");
        StringAssert.Contains(outcome.StdOut, "colour");
        StringAssert.Contains(outcome.StdOut, "$.sources[0].format");
    }

    [TestMethod]
    public void Validate_BadStageOptionsAndUnknownStage_NamesTheirPaths()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.pipeline.json");
        File.WriteAllText(path, """
            {
              "name": "nightly",
              "stages": [ { "name": "ingest", "options": { "maxRejectedShare": 2, "typo": 1 } }, { "name": "teleport" } ]
            }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "validate", path);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.StdOut, "$.stages[0].options.maxRejectedShare");
        StringAssert.Contains(outcome.StdOut, "$.stages[0].options.typo: unknown property 'typo'");
        StringAssert.Contains(outcome.StdOut, "$.stages[1].name: unknown stage 'teleport'");
    }

    [TestMethod]
    public void Validate_RankBeforeFactorize_NamesTheFileBothStagesAndWhatRankReads()
    {
        using var temp = new TempFolder();
        var path = temp.File("order.pipeline.json");
        File.WriteAllText(path, """
            {
              "name": "order",
              "stages": [ { "name": "ingest" }, { "name": "rank" }, { "name": "factorize" } ]
            }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "validate", path);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdOut + outcome.StdErr);
        StringAssert.Contains(outcome.StdOut, $"{path}: $.stages[1]: stage 'rank' reads factorize.model, made by 'factorize', which is not enabled before it");
        StringAssert.Contains(outcome.StdOut, "stage 'rank' reads table candidates, made by 'factorize'");
    }

    [TestMethod]
    public void Validate_NotJson_ReportsLine()
    {
        using var temp = new TempFolder();
        var path = temp.File("broken.pipeline.json");
        File.WriteAllText(path, "{\n  \"name\": \"x\",\n  oops\n}");

        var outcome = RecsysProcess.Run(temp.Path, "validate", path);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.StdOut, "line 3");
    }

    [TestMethod]
    public void Validate_FactorizeLambda_AcceptsAutoAndNumbersRejectsOtherText()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.pipeline.json");
        var bad = temp.File("bad.pipeline.json");
        const string Pipeline = """
            {{
              "name": "lambda",
              "horizonDays": 7,
              "sources": [ {{ "format": "canonical", "path": "events.csv" }} ],
              "stages": [ {{ "name": "ingest" }}, {{ "name": "factorize", "options": {0} }} ]
            }}
            """;
        File.WriteAllText(good, string.Format(System.Globalization.CultureInfo.InvariantCulture, Pipeline, """{ "lambda": "auto", "alpha": 2.5 }"""));
        File.WriteAllText(bad, string.Format(System.Globalization.CultureInfo.InvariantCulture, Pipeline, """{ "lambda": "strong", "alpha": -1 }"""));

        var accepted = RecsysProcess.Run(temp.Path, "validate", good);
        var rejected = RecsysProcess.Run(temp.Path, "validate", bad);

        Assert.AreEqual(0, accepted.ExitCode, accepted.StdOut + accepted.StdErr);
        Assert.AreEqual(2, rejected.ExitCode, rejected.StdOut + rejected.StdErr);
        StringAssert.Contains(rejected.StdOut, "lambda");
        StringAssert.Contains(rejected.StdOut, "alpha");
    }
}
