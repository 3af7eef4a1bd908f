using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

[TestClass]
public sealed class AipwEstimatorTests
{
    [TestMethod]
    public void Estimate_ConstantNuisances_EqualsNaiveWithClosedFormStandardError()
    {
        // With e = n1/n and m1, m0 the arm means, ψ reduces to the difference in means and its influence-function
        // variance to s1²/n1 + s0²/n0 (population variances): the textbook two-sample standard error.
        var random = new Random(5);
        const int n = 400;
        var treated = new bool[n];
        var outcome = new bool[n];
        for (var i = 0; i < n; i++)
        {
            treated[i] = random.NextDouble() < 0.3;
            outcome[i] = random.NextDouble() < (treated[i] ? 0.4 : 0.2);
        }

        var rows = Enumerable.Range(0, n).ToArray();
        double n1 = treated.Count(t => t), n0 = n - n1;
        var p1 = rows.Count(r => treated[r] && outcome[r]) / n1;
        var p0 = rows.Count(r => !treated[r] && outcome[r]) / n0;
        var fit = new CrossFit([.. Enumerable.Repeat(n1 / n, n)], [.. Enumerable.Repeat(p1, n)], [.. Enumerable.Repeat(p0, n)]);

        var result = AipwEstimator.Estimate(rows, treated, outcome, fit, rows, 0.01, 0.99, 10, 10);

        Assert.IsNull(result.Note);
        Assert.AreEqual(p1 - p0, result.Estimate, 1e-12);
        Assert.AreEqual(p1 - p0, result.Naive, 1e-12);
        Assert.AreEqual(p1 - p0, result.Regression, 1e-12);
        Assert.AreEqual(Math.Sqrt((p1 * (1 - p1) / n1) + (p0 * (1 - p0) / n0)), result.StandardError, 1e-12);
        Assert.AreEqual(result.Estimate + (1.959963984540054 * result.StandardError), result.CiHigh, 1e-12);
        Assert.AreEqual((long)n1, result.Treated);
        Assert.AreEqual(0, result.TrimmedShare);
    }

    [TestMethod]
    public void ClusteredStandardError_DuplicatedUnitsInOneCluster_GrowsBySqrtOfClusterSize()
    {
        // Each unit copied 4 times inside its own cluster: same mean, and the clustered SE must be that of the
        // original units (the copies carry no new information), i.e. the naive SE of the copies times 2.
        var psi = new[] { 0.3, -0.1, 0.7, 0.2, -0.4 };
        var copies = psi.SelectMany(p => Enumerable.Repeat(p, 4)).ToArray();
        var theta = psi.Average();
        var single = AipwEstimator.ClusteredStandardError([.. Enumerable.Range(0, 5)], psi, theta, [0, 1, 2, 3, 4]);
        var rows = Enumerable.Range(0, 20).ToArray();

        var clustered = AipwEstimator.ClusteredStandardError(rows, copies, theta, [.. rows.Select(r => r / 4)]);
        var independent = AipwEstimator.ClusteredStandardError(rows, copies, theta, rows);

        Assert.AreEqual(single, clustered, 1e-12);
        Assert.AreEqual(2 * independent, clustered, 1e-12);
    }

    [TestMethod]
    public void Estimate_NoTreatedUnits_NullEstimateWithReason()
    {
        var rows = Enumerable.Range(0, 50).ToArray();
        var fit = new CrossFit([.. rows.Select(_ => 0.2)], [.. rows.Select(_ => 0.1)], [.. rows.Select(_ => 0.1)]);

        var result = AipwEstimator.Estimate(rows, new bool[50], [.. rows.Select(r => r % 5 == 0)], fit, rows, 0.01, 0.99, 10, 10);

        Assert.AreEqual("no treated units", result.Note);
        Assert.IsTrue(double.IsNaN(result.Estimate) && double.IsNaN(result.CiLow) && double.IsNaN(result.Naive));
        Assert.AreEqual(50, result.Control);
    }

    [TestMethod]
    public void Estimate_PropensitiesOutsideBounds_NoOverlapWithReason()
    {
        // Treated units have propensity ~1, controls ~0: after trimming to [0.01, 0.99] no arm keeps a unit.
        var rows = Enumerable.Range(0, 60).ToArray();
        var treated = rows.Select(r => r < 30).ToArray();
        var fit = new CrossFit([.. rows.Select(r => r < 30 ? 0.999 : 0.001)], [.. rows.Select(_ => 0.5)], [.. rows.Select(_ => 0.1)]);

        var result = AipwEstimator.Estimate(rows, treated, [.. rows.Select(r => r % 2 == 0)], fit, rows, 0.01, 0.99, 10, 10);

        StringAssert.StartsWith(result.Note, "no overlap after trimming");
        Assert.IsTrue(double.IsNaN(result.Estimate));
        Assert.IsFalse(double.IsNaN(result.Naive), "the naive difference is still reported");
    }
}
