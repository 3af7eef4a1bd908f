using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests.Quality;

[TestClass]
public sealed class QualityRuleTests
{
    private static ModelMetric M(string model, string metric, double value) => new("s", model, metric, value);

    [TestMethod]
    public void BeatsBaselines_ModelBelowBestBaseline_OneLineNamingBothFigures()
    {
        var rule = new BeatsBaselines("mf", "recall@", ["popularity", "item_knn"]);
        ModelMetric[] rows = [M("mf", "recall@20", 0.05), M("item_knn", "recall@20", 0.08), M("popularity", "recall@20", 0.06), M("mf", "recall@20@segment", 0.01)];

        var warnings = rule.Warnings(rows).ToList();

        Assert.HasCount(1, warnings, "one line per figure; a segment's figure is not the headline");
        Assert.AreEqual("mf recall@20 0.05 loses to item_knn 0.08 on the hold-out", warnings[0]);
    }

    [TestMethod]
    public void BeatsBaselines_ModelAtOrAboveBaselinesOrBaselineAbsent_NoLine()
    {
        var rule = new BeatsBaselines("mf", "recall@", ["item_knn"]);

        Assert.IsEmpty(rule.Warnings([M("mf", "recall@20", 0.08), M("item_knn", "recall@20", 0.08)]).ToList(), "a tie does not lose");
        Assert.IsEmpty(rule.Warnings([M("mf", "recall@20", 0.01)]).ToList(), "nothing to compare with");
        Assert.IsEmpty(rule.Warnings([M("item_knn", "recall@20", 0.5)]).ToList(), "no model figure");
    }

    [TestMethod]
    public void BeatsBaselines_LowerIsBetter_WarnsOnTheHigherLoss()
    {
        var rule = new BeatsBaselines("outcome", "logloss", ["constant"], HigherIsBetter: false);

        Assert.HasCount(1, rule.Warnings([M("outcome", "logloss", 0.045), M("constant", "logloss", 0.037)]).ToList());
        Assert.IsEmpty(rule.Warnings([M("outcome", "logloss", 0.030), M("constant", "logloss", 0.037)]).ToList());
    }

    [TestMethod]
    public void EnoughSupport_BelowMinimum_NamesTheCount()
    {
        var rule = new EnoughSupport("holdout", "positives");

        var warnings = rule.Warnings([M("holdout", "positives", 12)]).ToList();

        Assert.AreEqual("holdout hold-out figures rest on 12 positives (fewer than 30)", warnings.Single());
        Assert.IsEmpty(rule.Warnings([M("holdout", "positives", QualityGate.MinimumSupport)]).ToList());
    }

    [TestMethod]
    public void NotAtBound_FlagOrRangeEdge_Warns()
    {
        var flag = new NotAtBound("bgnbd", "at_bound", "parameter at the optimiser bound");
        var range = new NotAtBound("mf", "lambda_chosen", "outside the grid", Low: 0.3, High: 30);

        Assert.AreEqual("bgnbd at_bound = 1: parameter at the optimiser bound", flag.Warnings([M("bgnbd", "at_bound", 1)]).Single());
        Assert.IsEmpty(flag.Warnings([M("bgnbd", "at_bound", 0)]).ToList());
        Assert.HasCount(1, range.Warnings([M("mf", "lambda_chosen", 30)]).ToList());
        Assert.IsEmpty(range.Warnings([M("mf", "lambda_chosen", 3)]).ToList());
    }
}
