using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Quality;

[TestClass]
public sealed class QualityGateTests
{
    [TestMethod]
    public void Apply_FactorizeMfBelowItemKnn_OneQualityNoteAndCountRow()
    {
        var stage = new FactorizeStage(NullLogger<FactorizeStage>.Instance);
        var data = new RunData();
        data.Metrics.AddRange(
        [
            new("factorize", "mf", "recall@20", 0.331), new("factorize", "item_knn", "recall@20", 0.349),
            new("factorize", "popularity", "recall@20", 0.2), new("factorize", "holdout", "users", 900),
            new("factorize", "mf", "lambda_at_grid_edge", 0), new("factorize", "mf", "alpha_at_grid_edge", 0),
        ]);

        QualityGate.Apply(data, Stages(stage));
        QualityGate.Apply(data, Stages(stage));

        Assert.AreEqual("quality: factorize: mf recall@20 0.331 loses to item_knn 0.349 on the hold-out", data.Notes.Single(), "applied twice, noted once");
        Assert.AreEqual(1, data.Metrics.Single(m => m.Model == QualityGate.Model).Value);
    }

    [TestMethod]
    public void Apply_RankerLosesToPopularityOnFewPositives_NamesBoth()
    {
        var stage = new RankStage(NullLogger<RankStage>.Instance);
        var data = new RunData();
        data.Metrics.AddRange(
        [
            new("rank", "ranker", "auc", 0.392), new("rank", "mf", "auc", 0.484), new("rank", "popularity", "auc", 0.688),
            new("rank", "holdout", "positives", 17),
            new("rank", "p_purchase", "holdout_auc", 0.71), new("rank", "p_purchase_rf_baseline", "holdout_auc", 0.70),
        ]);

        QualityGate.Apply(data, Stages(stage));

        CollectionAssert.AreEquivalent(
            new List<string>
            {
                "quality: rank: ranker auc 0.392 loses to popularity 0.688 on the hold-out",
                "quality: rank: holdout hold-out figures rest on 17 positives (fewer than 30)",
            },
            data.Notes);
    }

    [TestMethod]
    public void Apply_ValueBgNbdAtBoundAndChosenBelowBaseline_TwoLines()
    {
        var stage = new ValueStage(NullLogger<ValueStage>.Instance);
        var data = new RunData();
        data.Metrics.AddRange(
        [
            new("value", "chosen", "holdout_gini_normalized", 0.05), new("value", "baseline", "holdout_gini_normalized", 0.07),
            new("value", "bgnbd", "at_bound", 1), new("value", "bgnbd", "holdout_customers", 1361),
        ]);

        QualityGate.Apply(data, Stages(stage));

        Assert.HasCount(2, data.Notes);
        Assert.IsTrue(data.Notes.All(n => n.StartsWith("quality: value: ", StringComparison.Ordinal)));
        Assert.IsTrue(data.Notes.Exists(n => n.Contains("bgnbd at_bound = 1", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Apply_StageWithoutRulesOrFigures_NoNoteNoRow()
    {
        var data = new RunData();
        data.Metrics.Add(new("featurize", "user_transform", "rows", 10));

        QualityGate.Apply(data, Stages(new FactorizeStage(NullLogger<FactorizeStage>.Instance)));

        Assert.IsEmpty(data.Notes);
        Assert.IsFalse(data.Metrics.Exists(m => m.Model == QualityGate.Model));
    }

    private static Dictionary<string, IPipelineStage> Stages(IPipelineStage stage) => new(StringComparer.Ordinal) { [stage.Name] = stage };
}
