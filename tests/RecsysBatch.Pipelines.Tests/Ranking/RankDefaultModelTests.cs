using System.Security.Cryptography;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankDefaultModelTests
{
    [TestMethod]
    public void RunAsync_RetrainFalseWithoutModelPath_ScoresWithTheCommittedDefaultModel()
    {
        // A repository layout: <root>/pipelines/x.pipeline.json and <root>/data/models/ranker.onnx (the committed model).
        using var root = new TempFolder();
        var committed = Path.Combine(RepoPaths.Root, "data", "models", RankStage.ModelFile);
        var models = Path.Combine(root.Path, "data", "models");
        Directory.CreateDirectory(models);
        Directory.CreateDirectory(Path.Combine(root.Path, "pipelines"));
        File.Copy(committed, Path.Combine(models, RankStage.ModelFile));
        var expectedVersion = "imported:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(committed)))[..12];

        var context = Run(root.Path, Path.Combine(root.Path, "pipelines", "test.pipeline.json"));

        Assert.IsTrue(context.Data.TryGetOutput(RankTables.Recommendations.Name, out var table));
        Assert.IsGreaterThan(0, table.RowCount);
        var names = table.Schema.DataColumns.Select(c => c.Name).ToList();
        var versions = ((OutputColumn<string>)table.Columns[names.IndexOf("model_version")]).Values;
        var scores = ((OutputColumn<double>)table.Columns[names.IndexOf("score")]).Values;
        Assert.IsTrue(versions.All(v => v == expectedVersion), $"model_version {versions[0]}, expected {expectedVersion}");
        // The imported model is evaluated on the held-out rows next to MF and popularity; the champion orders the lists.
        Assert.IsTrue(double.IsFinite(StageHarness.Metric(context, RankStage.StageName, "ranker", "auc")));
        Assert.IsTrue(scores.All(double.IsFinite));
        Assert.IsGreaterThan(1, scores.Distinct().Count());
        Assert.IsFalse(Directory.Exists(Path.Combine(root.Path, "artifacts", RankStage.StageName)), "no model is trained or exported");
    }

    [TestMethod]
    public void RunAsync_RetrainFalseAndNoDefaultModelBesideThePipeline_StopsNamingTheDefaultPath()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(Path.Combine(root.Path, "pipelines"));

        var error = Assert.ThrowsExactly<RecsysBatch.Core.RecsysException>(() => Run(root.Path, Path.Combine(root.Path, "pipelines", "test.pipeline.json")));

        StringAssert.Contains(error.Message, Path.Combine(root.Path, "data", "models", RankStage.ModelFile));
    }

    private static StageContext Run(string root, string pipelineFile)
    {
        var events = Path.Combine(root, "events");
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 300, Items = 150, Categories = 8, Days = 21, Seed = 5 }, events);
        var ingested = IngestHarness.Run("canonical", Path.Combine(events, SyntheticGenerator.EventsFileName));
        return RankHarness.FactorizeThenRank(
            ingested.Data.RequireEvents(), ingested.SnapshotDate, Path.Combine(root, "artifacts"), """{ "retrain": false, "anchors": 1, "topN": 5 }""", pipelineFile: pipelineFile);
    }
}
