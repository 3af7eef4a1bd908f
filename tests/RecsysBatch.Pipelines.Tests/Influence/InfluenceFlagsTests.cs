using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>The estimator's support counts and flags on hand-set nuisances, where each flag's cause is planted.</summary>
[TestClass]
public sealed class InfluenceFlagsTests
{
    private static readonly int[] Rows = [.. Enumerable.Range(0, 300)];

    [TestMethod]
    public void Estimate_NoTreatedPurchases_NullEstimateIntervalAndFewOutcomes()
    {
        // 100 treated units, none bought; 200 controls, 40 bought. Enough units in both arms inside the bounds, so
        // only the missing purchases can stop the estimate (before, ψ averaged to about −0.2).
        var treated = Rows.Select(r => r % 3 == 0).ToArray();
        var outcome = Rows.Select(r => !treated[r] && r % 5 == 1).ToArray();
        var fit = Constant(1.0 / 3, 0.002, 0.2);

        var result = AipwEstimator.Estimate(Rows, treated, outcome, fit, Rows, 0.01, 0.99, 10, 10);

        Assert.IsTrue(double.IsNaN(result.Estimate) && double.IsNaN(result.CiLow) && double.IsNaN(result.CiHigh), "no estimate, no interval");
        Assert.IsTrue(double.IsNaN(result.Regression) && double.IsNaN(result.EValue) && double.IsNaN(result.EValueCi));
        CollectionAssert.Contains(result.Flags.ToList(), InfluenceFlags.FewOutcomes);
        StringAssert.StartsWith(result.Note, "few outcomes");
        Assert.AreEqual(new ArmSupport(100, 0, 200, 40, 0, 100, 200, 100, 200), result.Support with { EssTreated = 100, EssControl = 200 });
        Assert.AreEqual(-0.2, result.Naive, 1e-12, "the plain rate difference of the counts stays");
    }

    [TestMethod]
    public void Estimate_OneArmJustBelowMinimum_FewOutcomesButAtMinimumEstimates()
    {
        var treated = Rows.Select(r => r % 3 == 0).ToArray();
        // Treated purchases: r % 30 == 0 → 10 of 100 treated units; controls: r % 5 == 1 → 40 of 200.
        var outcome = Rows.Select(r => treated[r] ? r % 30 == 0 : r % 5 == 1).ToArray();
        var fit = Constant(1.0 / 3, 0.1, 0.2);

        var at = AipwEstimator.Estimate(Rows, treated, outcome, fit, Rows, 0.01, 0.99, 10, 10);
        var above = AipwEstimator.Estimate(Rows, treated, outcome, fit, Rows, 0.01, 0.99, 10, 11);

        Assert.AreEqual(10L, at.Support.TreatedOutcomes);
        Assert.IsNull(at.Note);
        Assert.IsFalse(at.Flags.Contains(InfluenceFlags.FewOutcomes));
        Assert.AreEqual(-0.1, at.Estimate, 1e-9);
        Assert.IsTrue(double.IsNaN(above.Estimate));
        CollectionAssert.Contains(above.Flags.ToList(), InfluenceFlags.FewOutcomes);
    }

    [TestMethod]
    public void Estimate_SixthOfPropensitiesClipped_FlagsClippedShareHighButKeepsEstimate()
    {
        var treated = Rows.Select(r => r % 3 == 0).ToArray();
        var outcome = Rows.Select(r => r % 4 == 0).ToArray();
        // Controls with r % 4 == 1 get a propensity of 0.001 (clipped to 0.01): 50 of 300 units, a sixth.
        var clipped = new CrossFit([.. Rows.Select(r => !treated[r] && r % 4 == 1 ? 0.001 : 0.3)], [.. Rows.Select(_ => 0.25)], [.. Rows.Select(_ => 0.25)]);
        var inside = new CrossFit([.. Rows.Select(_ => 0.3)], [.. Rows.Select(_ => 0.25)], [.. Rows.Select(_ => 0.25)]);

        var flagged = AipwEstimator.Estimate(Rows, treated, outcome, clipped, Rows, 0.01, 0.99, 10, 10);
        var clean = AipwEstimator.Estimate(Rows, treated, outcome, inside, Rows, 0.01, 0.99, 10, 10);

        Assert.AreEqual(50.0 / 300, flagged.TrimmedShare, 1e-12);
        CollectionAssert.AreEqual(new[] { InfluenceFlags.ClippedShareHigh }, flagged.Flags.ToArray());
        Assert.IsFalse(double.IsNaN(flagged.Estimate), "clipping warns, it does not null the estimate");
        Assert.AreEqual(0, clean.Flags.Count, string.Join(",", clean.Flags));
    }

    [TestMethod]
    public void Estimate_OneTreatedUnitCarriesMostWeight_FlagsPoorOverlap()
    {
        // 99 treated at e = 0.5 (weight 2) and one at e = 0.0101 (weight ≈ 99): ESS ≈ 297²/(396 + 9803) ≈ 8.65, under 10% of 100.
        var treated = Rows.Select(r => r % 3 == 0).ToArray();
        var outcome = Rows.Select(r => r % 4 == 0).ToArray();
        var fit = new CrossFit([.. Rows.Select(r => r == 0 ? 0.0101 : 0.5)], [.. Rows.Select(_ => 0.25)], [.. Rows.Select(_ => 0.25)]);

        var result = AipwEstimator.Estimate(Rows, treated, outcome, fit, Rows, 0.01, 0.99, 10, 10);

        var heavy = 1 / 0.0101;
        Assert.AreEqual((198 + heavy) * (198 + heavy) / (396 + (heavy * heavy)), result.EssTreated, 1e-6);
        CollectionAssert.AreEqual(new[] { InfluenceFlags.PoorOverlap }, result.Flags.ToArray());
    }

    [TestMethod]
    public void Measure_InvertedPropensities_WorseThanConstant()
    {
        var treated = Rows.Select(r => r % 4 == 0).ToArray();
        // Different purchase rates per arm (38 of 75 treated, 45 of 225 controls), so arm-wise rates beat the pooled one.
        var outcome = Rows.Select(r => treated[r] ? r % 8 == 0 : r % 5 == 1).ToArray();
        var armRate1 = Rows.Count(r => treated[r] && outcome[r]) / (double)Rows.Count(r => treated[r]);
        var armRate0 = Rows.Count(r => !treated[r] && outcome[r]) / (double)Rows.Count(r => !treated[r]);
        var good = new CrossFit([.. Rows.Select(r => treated[r] ? 0.9 : 0.1)], [.. Rows.Select(_ => armRate1)], [.. Rows.Select(_ => armRate0)]);
        var inverted = good with { Propensity = [.. Rows.Select(r => treated[r] ? 0.1 : 0.9)] };

        Assert.IsFalse(NuisanceQuality.Measure(Rows, treated, outcome, good).WorseThanConstant);
        Assert.IsTrue(NuisanceQuality.Measure(Rows, treated, outcome, inverted).WorseThanConstant);
    }

    private static CrossFit Constant(double e, double m1, double m0) =>
        new([.. Rows.Select(_ => e)], [.. Rows.Select(_ => m1)], [.. Rows.Select(_ => m0)]);
}
