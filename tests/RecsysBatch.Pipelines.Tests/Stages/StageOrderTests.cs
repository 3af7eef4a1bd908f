using System.Text.Json;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Pipelines.Tests.Stages;

[TestClass]
public sealed class StageOrderTests
{
    private static readonly string[] RankBeforeFactorize =
    [
        "stage 'rank' reads factorize.model, made by 'factorize', which is not enabled before it",
        "stage 'rank' reads factorize.options, made by 'factorize', which is not enabled before it",
        "stage 'rank' reads table candidates, made by 'factorize', which is not enabled before it",
    ];

    [TestMethod]
    public void Problems_RankBeforeFactorize_NamesBothStagesAndWhatIsRead()
    {
        var problems = StageOrder.Problems(Definitions(("ingest", true), ("rank", true), ("factorize", true)), Registered());

        Assert.IsTrue(problems.All(p => p.Index == 1), string.Join("; ", problems));
        CollectionAssert.AreEquivalent(RankBeforeFactorize, problems.Select(p => p.Message).ToArray());
    }

    [TestMethod]
    public void Problems_ProducerDisabled_IsAProblemAndADisabledReaderIsNot()
    {
        var disabledFactorize = StageOrder.Problems(Definitions(("ingest", true), ("factorize", false), ("rank", true)), Registered());
        var disabledBoth = StageOrder.Problems(Definitions(("ingest", true), ("factorize", false), ("rank", false)), Registered());

        Assert.HasCount(3, disabledFactorize);
        Assert.IsEmpty(disabledBoth);
    }

    [TestMethod]
    public void Problems_OptionalInputMissing_IsNoProblem()
    {
        // influence reads the value stage's tiers when value ran before it, and does without otherwise.
        Assert.IsEmpty(StageOrder.Problems(Definitions(("ingest", true), ("influence", true), ("value", true)), Registered()));
    }

    [TestMethod]
    public void Problems_EveryRequiredInputOfEveryStage_IsMadeByARegisteredStage()
    {
        var all = RegisteredStages.All();

        var problems = StageOrder.Problems([.. all.Select(s => new StageDefinition(s.Name, default))], Registered());

        Assert.IsEmpty(problems, "in registration order every stage's inputs come first: " + string.Join("; ", problems));
        var names = all.SelectMany(s => s.Produces).Select(a => a.Name).ToList();
        CollectionAssert.AllItemsAreUnique(names, "artifact names are unique among all stages");
    }

    [TestMethod]
    public void Validate_PipelineFileWithRankBeforeFactorize_OneProblemPerInputAtTheRankEntry()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "x.pipeline.json");
        File.WriteAllText(path, """
            { "name": "x", "stages": [ { "name": "ingest" }, { "name": "rank" }, { "name": "factorize" } ] }
            """);
        var loader = new PipelineFileLoader(RegisteredStages.All());

        var problems = loader.Validate(path);
        var error = Assert.ThrowsExactly<Core.RecsysException>(() => loader.Load(path));

        Assert.HasCount(3, problems);
        Assert.IsTrue(problems.All(p => p.JsonPath == "$.stages[1]"));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "stage 'rank' reads factorize.model, made by 'factorize', which is not enabled before it");
    }

    [TestMethod]
    public void Validate_RepositoryPipelines_HaveNoOrderProblem()
    {
        var loader = new PipelineFileLoader(RegisteredStages.All());
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines"), "*.pipeline.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "data"), "*.pipeline.json", SearchOption.AllDirectories))
            .ToList();

        Assert.IsNotEmpty(files);
        foreach (var file in files)
        {
            Assert.IsEmpty(loader.Validate(file), file);
        }
    }

    private static Dictionary<string, IPipelineStage> Registered() => RegisteredStages.All().ToDictionary(s => s.Name, StringComparer.Ordinal);

    private static List<StageDefinition> Definitions(params (string Name, bool Enabled)[] stages) =>
        [.. stages.Select(s => new StageDefinition(s.Name, default(JsonElement), s.Enabled))];
}
