using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;
using static RecsysBatch.Pipelines.Tests.Influence.InfluenceHarness;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>The stage with the option nuisance: the learner choices in model_metrics, the method, determinism.</summary>
[TestClass]
public sealed class InfluenceNuisanceOptionTests
{
    private const string Auto = """{ "nuisance": "auto" }""";

    private static readonly string[] Kinds = [NuisanceChoice.Propensity, NuisanceChoice.OutcomeTreated, NuisanceChoice.OutcomeControl];

    [TestMethod]
    public void RunAsync_Auto_ChoicesPerKindCountEveryFoldAndInnerLossesRecorded()
    {
        using var folder = new TempFolder();

        var context = RunSynthetic(Small(5), folder.Path, Auto);

        foreach (var behavior in new[] { "click", "fav", "cart" })
        {
            var model = "aipw_" + behavior;
            foreach (var kind in Kinds)
            {
                var logistic = StageHarness.Metric(context, InfluenceStage.StageName, model, $"nuisance_choice_{kind}_logistic");
                var trees = StageHarness.Metric(context, InfluenceStage.StageName, model, $"nuisance_choice_{kind}_fasttree");
                Assert.AreEqual(5, logistic + trees, $"{behavior} {kind}: every one of the 5 folds chose one learner");
                Assert.IsGreaterThan(0, StageHarness.Metric(context, InfluenceStage.StageName, model, $"inner_logloss_{kind}_logistic"), $"{behavior} {kind}");
                Assert.IsGreaterThan(0, StageHarness.Metric(context, InfluenceStage.StageName, model, $"inner_logloss_{kind}_fasttree"), $"{behavior} {kind}");
            }
        }

        var table = Table(context, InfluenceTables.Coefficients);
        Assert.AreEqual("aipw-crossfit-selected", Cell(table, CoefficientRow(table, "cart", "overall"), "method"));
    }

    [TestMethod]
    [DataRow("logistic", "logistic", "aipw-crossfit-lbfgs")]
    [DataRow("fasttree", "fasttree", "aipw-crossfit-fasttree")]
    public void RunAsync_Forced_EveryFoldUsesThatLearnerAndMethodSaysSo(string option, string learner, string method)
    {
        using var folder = new TempFolder();

        var context = RunSynthetic(Small(6), folder.Path, $$"""{ "nuisance": "{{option}}" }""");

        var other = learner == "logistic" ? "fasttree" : "logistic";
        foreach (var kind in Kinds)
        {
            Assert.AreEqual(5, StageHarness.Metric(context, InfluenceStage.StageName, "aipw_fav", $"nuisance_choice_{kind}_{learner}"), kind);
            Assert.AreEqual(0, StageHarness.Metric(context, InfluenceStage.StageName, "aipw_fav", $"nuisance_choice_{kind}_{other}"), kind);
        }

        Assert.IsFalse(context.Data.Metrics.Any(m => m.Metric.StartsWith("inner_logloss_", StringComparison.Ordinal)), "nothing is compared when the learner is forced");
        var table = Table(context, InfluenceTables.Coefficients);
        Assert.AreEqual(method, Cell(table, CoefficientRow(table, "fav", "overall"), "method"));
    }

    [TestMethod]
    public void RunAsync_AutoTwiceSameData_IdenticalRowsAndMetrics()
    {
        using var folder = new TempFolder();
        SyntheticGenerator.Generate(Small(7), folder.Path);
        var events = IngestHarness.Run("canonical", Path.Combine(folder.Path, SyntheticGenerator.EventsFileName));

        var first = Run(events.Data.RequireEvents(), events.SnapshotDate, Path.Combine(folder.Path, "a"), Auto);
        var second = Run(events.Data.RequireEvents(), events.SnapshotDate, Path.Combine(folder.Path, "b"), Auto);

        Assert.AreEqual(Dump(first), Dump(second));
        CollectionAssert.AreEqual(first.Data.Metrics.ToArray(), second.Data.Metrics.ToArray());
    }

    private static SyntheticOptions Small(int seed) => new() { Seed = seed, Users = 800 };

    /// <summary>Every cell of influence_coefficients, doubles round-trippable, so any difference shows.</summary>
    private static string Dump(StageContext context)
    {
        var table = Table(context, InfluenceTables.Coefficients);
        var cells = Enumerable.Range(0, table.RowCount).SelectMany(r => table.Columns.Select(c => c.GetValue(r) is double d ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : c.GetValue(r)?.ToString()));
        Assert.IsGreaterThan(0, table.RowCount);
        return string.Join("|", cells);
    }
}
