using Microsoft.ML;
using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>
/// A planted case the logistic cannot fit: both the behaviour and the purchase are more likely when a confounder is
/// far from its mean in either direction (|x| > 1), a U shape that a model linear in x averages to a flat line. The
/// logistic nuisances then adjust for nothing and the AIPW estimate keeps the confounding; the trees find the
/// threshold, and the held-out comparison must see that and pick them.
/// </summary>
[TestClass]
public sealed class NuisanceSelectorTests
{
    private const int Units = 3000;
    private const int Folds = 5;
    private const double Tau = 0.05;

    [TestMethod]
    public void CrossFitRun_ThresholdConfounder_SelectsTreesAndShrinksBias()
    {
        var (data, treated, outcome) = Planted(11);
        var rows = Enumerable.Range(0, Units).ToArray();

        var logistic = Fit(data, treated, outcome, NuisanceLearner.Logistic);
        var auto = Fit(data, treated, outcome, null);

        var logisticBias = Math.Abs(Estimate(rows, treated, outcome, logistic) - Tau);
        var autoBias = Math.Abs(Estimate(rows, treated, outcome, auto) - Tau);
        Assert.IsLessThan(logisticBias, autoBias, $"auto bias {autoBias:F4} vs logistic {logisticBias:F4}");
        // With the confounding planted (naive bias ~0.14) the logistic keeps most of it; the trees remove most of it.
        Assert.IsGreaterThan(0.08, logisticBias, $"logistic bias {logisticBias:F4}");
        Assert.IsLessThan(0.04, autoBias, $"auto bias {autoBias:F4}");
        foreach (var kind in new[] { NuisanceChoice.Propensity, NuisanceChoice.OutcomeControl })
        {
            var chosen = auto.Choices.Where(c => c.Kind == kind).ToList();
            Assert.HasCount(Folds, chosen, kind);
            Assert.IsTrue(chosen.All(c => c.Learner == NuisanceLearner.FastTree && c.TreeLoss < c.LogisticLoss), $"{kind}: {string.Join("; ", chosen)}");
        }
    }

    [TestMethod]
    public void CrossFitRun_Forced_RecordsLearnerWithoutInnerLoss()
    {
        var (data, treated, outcome) = Planted(12);

        var fit = Fit(data, treated, outcome, NuisanceLearner.Logistic);

        Assert.HasCount(3 * Folds, fit.Choices);
        Assert.IsTrue(fit.Choices.All(c => c.Learner == NuisanceLearner.Logistic && double.IsNaN(c.TreeLoss) && double.IsNaN(c.LogisticLoss)));
    }

    [TestMethod]
    public void CrossFitRun_SameSeedTwice_IdenticalPredictionsAndChoices()
    {
        var (data, treated, outcome) = Planted(13);

        var first = Fit(data, treated, outcome, null);
        var second = Fit(data, treated, outcome, null);

        CollectionAssert.AreEqual(first.Propensity, second.Propensity);
        CollectionAssert.AreEqual(first.Mu1, second.Mu1);
        CollectionAssert.AreEqual(first.Mu0, second.Mu0);
        CollectionAssert.AreEqual(first.Choices.ToArray(), second.Choices.ToArray());
    }

    private static CrossFit Fit(NuisanceData data, bool[] treated, bool[] outcome, NuisanceLearner? forced)
    {
        var users = Enumerable.Range(0, Units).ToArray();
        var fold = CrossFit.UserFolds(users, Folds, 42);
        var validation = CrossFit.UserFolds(users, 5, 43).Select(f => f == 0).ToArray();
        return CrossFit.Run(new MLContext(42), data, treated, outcome, fold, Folds, users, validation, forced, new NuisanceCap(users, 0, 42));
    }

    private static double Estimate(int[] rows, bool[] treated, bool[] outcome, CrossFit fit) =>
        AipwEstimator.Estimate(rows, treated, outcome, fit, rows, 0.01, 0.99, 10, 10).Estimate;

    /// <summary>x ~ N(0, 1) and a noise feature; T ~ Bernoulli(0.2 + 0.5·[|x| > 1]); Y ~ Bernoulli(0.05 + 0.3·[|x| > 1] + τ·T).</summary>
    private static (NuisanceData Data, bool[] Treated, bool[] Outcome) Planted(int seed)
    {
        var random = new Random(seed);
        var x = new float[Units];
        var noise = new float[Units];
        var treated = new bool[Units];
        var outcome = new bool[Units];
        for (var u = 0; u < Units; u++)
        {
            x[u] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            noise[u] = (float)random.NextDouble();
            var far = Math.Abs(x[u]) > 1 ? 1 : 0;
            treated[u] = random.NextDouble() < 0.2 + (0.5 * far);
            outcome[u] = random.NextDouble() < 0.05 + (0.3 * far) + (treated[u] ? Tau : 0);
        }

        return (NuisanceData.Standardize([x, noise]), treated, outcome);
    }
}
