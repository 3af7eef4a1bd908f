using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>The factorize stage's λ / α: "auto" by default (searched before the hold-out), explicit numbers honoured.</summary>
[TestClass]
public sealed class FactorizeLambdaTests
{
    private const string Small = """{ "topK": 10, "similarUsers": 5, "categoryBoost": 0 }""";

    private static readonly Lazy<StageContext> Auto = new(() => RunFactorize(PlantedEvents.Create(seed: 9), Small));

    [TestMethod]
    public void RunAsync_DefaultAuto_ReportsChoiceAndEveryGridPoint()
    {
        var context = Auto.Value;

        var lambda = Metric(context, "mf", "lambda_chosen");
        var alpha = Metric(context, "mf", "alpha_chosen");
        var grid = context.Data.Metrics.Where(m => m.Model == "mf_search" && m.Metric.StartsWith("recall@20 ", StringComparison.Ordinal)).ToList();

        CollectionAssert.Contains(AlsSearch.Lambdas, lambda);
        CollectionAssert.Contains(AlsSearch.Alphas, alpha);
        // Coordinate search: the middle point, the α line through it and the λ line through the best, at most the grid.
        Assert.IsGreaterThanOrEqualTo(1 + (AlsSearch.Alphas.Length - 1) + (AlsSearch.Lambdas.Length - 1), grid.Count);
        Assert.IsLessThanOrEqualTo(AlsSearch.Lambdas.Length * AlsSearch.Alphas.Length, grid.Count);
        // The chosen point is the best of the grid it reports, and both lines through it were scored.
        var chosen = grid.Single(m => m.Metric == $"recall@20 lambda={lambda} alpha={alpha}");
        Assert.AreEqual(grid.Max(m => m.Value), chosen.Value);
        foreach (var other in AlsSearch.Lambdas)
        {
            Assert.ContainsSingle(grid.Where(m => m.Metric == $"recall@20 lambda={other} alpha={alpha}"), $"lambda {other}");
        }

        foreach (var other in AlsSearch.Alphas)
        {
            Assert.ContainsSingle(grid.Where(m => m.Metric == $"recall@20 lambda={lambda} alpha={other}"), $"alpha {other}");
        }

        Assert.IsGreaterThan(0.0, Metric(context, "mf_search", "users"));
        Assert.IsTrue(context.Data.Notes.Any(n => n.Contains($"ALS lambda {lambda}, alpha {alpha} chosen", StringComparison.Ordinal)), string.Join("\n", context.Data.Notes));
    }

    [TestMethod]
    public void RunAsync_SameSeed_SameChoiceAndGrid()
    {
        var again = RunFactorize(PlantedEvents.Create(seed: 9), Small);

        CollectionAssert.AreEqual(
            Auto.Value.Data.Metrics.Where(m => m.Model == "mf_search").Select(m => (m.Metric, m.Value)).ToArray(),
            again.Data.Metrics.Where(m => m.Model == "mf_search").Select(m => (m.Metric, m.Value)).ToArray());
    }

    [TestMethod]
    public void RunAsync_ExplicitAlphaAutoLambda_EveryLambdaScoredAtThatAlpha()
    {
        var context = RunFactorize(PlantedEvents.Create(seed: 9), """{ "topK": 10, "similarUsers": 5, "categoryBoost": 0, "alpha": 1.25 }""");

        var grid = context.Data.Metrics.Where(m => m.Model == "mf_search" && m.Metric.StartsWith("recall@20 ", StringComparison.Ordinal)).Select(m => m.Metric).ToArray();

        CollectionAssert.AreEqual(AlsSearch.Lambdas.Select(l => $"recall@20 lambda={l} alpha=1.25").ToArray(), grid);
        Assert.AreEqual(1.25, Metric(context, "mf", "alpha_chosen"));
        Assert.AreEqual(0.0, Metric(context, "mf", "alpha_at_grid_edge"));
    }

    [TestMethod]
    public void RunAsync_ExplicitNumbers_HonouredWithoutSearch()
    {
        var context = RunFactorize(PlantedEvents.Create(seed: 9), """{ "topK": 10, "similarUsers": 5, "categoryBoost": 0, "lambda": 7.5, "alpha": 1.25 }""");

        Assert.AreEqual(7.5, Metric(context, "mf", "lambda_chosen"));
        Assert.AreEqual(1.25, Metric(context, "mf", "alpha_chosen"));
        Assert.IsFalse(context.Data.Metrics.Any(m => m.Model == "mf_search"));
    }

    [TestMethod]
    public void RunAsync_LambdaNotANumberOrAuto_RejectedNamingTheOption()
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => RunFactorize(PlantedEvents.Create(seed: 9), """{ "lambda": "strong" }"""));

        StringAssert.Contains(error.Message, "lambda");
    }
}
