using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Value;
using static RecsysBatch.Pipelines.Tests.Value.ValueHarness;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// Every customer drops out after a repeat purchase with one probability p (Beta(a, b) with a + b = 1e7, a point mass):
/// the fit runs to a, b → ∞ with a/(a+b) = p, the homogeneous-dropout limit, where P(alive) is still defined; the
/// stage publishes it with the flag bgnbd_homogeneous_dropout instead of nulling it (unlike a → 0, see ValueFlagTests).
/// </summary>
[TestClass]
public sealed class BgNbdHomogeneousDropoutTests
{
    private const double DropP = 0.15;
    private const double Mass = 1e7;

    [TestMethod]
    public void Fit_OneDropoutProbabilityForAll_HomogeneousLimitWithPRecoveredAndPointMassPAlive()
    {
        var random = new Random(3);
        var customers = Enumerable.Range(0, 3000)
            .Select(_ => BtydSimulator.Draw(random, 2, 4, DropP * Mass, (1 - DropP) * Mass, 26 + (26 * random.NextDouble())))
            .ToList();
        double[] x = [.. customers.Select(c => c.X)], tx = [.. customers.Select(c => c.Tx)], age = [.. customers.Select(c => c.T)];

        var fit = BgNbdFitter.Run(x, tx, age, starts: 6, seed: 1);

        Assert.IsTrue(fit.AtBound, $"a, b run to the bound: {fit.Parameters}");
        Assert.IsTrue(fit.HomogeneousDropout, $"{fit.Parameters}");
        Assert.IsFalse(fit.AtBoundUnidentified);
        Assert.IsFalse(fit.Degenerate);
        Assert.AreEqual(DropP, fit.DropoutP, 0.015, "a/(a+b) is the common dropout probability");

        // The point-mass closed forms with p = a/(a+b): P(alive) = 1 / (1 + 1{x>0} p/(1−p) ((α+T)/(α+t_x))^(r+x)) and
        // E[Y(t)] = P(alive) (1 − ((α+T)/(α+T+p t))^(r+x)) / p (λ | alive ~ Gamma(r+x, α+T)).
        var q = fit.Parameters;
        var p = fit.DropoutP;
        var checkedDead = 0;
        for (var i = 0; i < 200; i++)
        {
            var rx = q.R + x[i];
            var pAlive = 1 / (1 + (x[i] > 0 ? p / (1 - p) * Math.Pow((q.Alpha + age[i]) / (q.Alpha + tx[i]), rx) : 0));
            var expected = pAlive * (1 - Math.Pow((q.Alpha + age[i]) / (q.Alpha + age[i] + (p * 10)), rx)) / p;
            Assert.AreEqual(pAlive, BgNbdModel.PAlive(q, x[i], tx[i], age[i]), 2e-3, $"customer {i}");
            Assert.AreEqual(expected, BgNbdModel.ExpectedPurchases(q, x[i], tx[i], age[i], 10), 2e-3 * Math.Max(1, expected), $"customer {i}");
            checkedDead += pAlive < 0.5 ? 1 : 0;
        }

        Assert.IsGreaterThan(10, checkedDead, "the check covers customers the model believes gone");
    }

    [TestMethod]
    public void RunAsync_OneDropoutProbabilityForAll_PAlivePublishedFlaggedAndNoted()
    {
        using var folder = new TempFolder();

        // With a point-mass truth the spread of Beta(a, b) is estimated at the boundary (a, b → ∞) for part of the
        // samples and as a large interior a + b (100 to 400, then nothing is flagged) for the others; of seeds 1, 2, 3,
        // 5, 6 only 3 lands on the boundary at this size. The test is about what the stage does in that case.
        var events = BtydSimulator.Events(customers: 1500, days: 240, cohortDays: 200, seed: 3, r: 2, alpha: 10, a: DropP * Mass, b: (1 - DropP) * Mass);

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path, horizonDays: 28);

        Assert.AreEqual(1, Metric(context, ValuePredictions.BgNbdName, "homogeneous_dropout"), Fitted(context));
        Assert.AreEqual(0, Metric(context, ValuePredictions.BgNbdName, "at_bound"));
        Assert.AreEqual(0, Metric(context, ValuePredictions.BgNbdName, "degenerate"));
        Assert.AreEqual(DropP, Metric(context, ValuePredictions.BgNbdName, "dropout_p"), 0.03);
        var table = Scores(context);
        var flags = Column<string?>(table, "flags");
        Assert.IsTrue(flags.All(f => f!.Split(',').Contains("bgnbd_homogeneous_dropout")), "every row names the limit");
        Assert.IsFalse(flags.Any(f => f!.Split(',').Contains("bgnbd_at_bound")));
        Assert.AreEqual(table.RowCount, Metric(context, ValueFitMetrics.DataName, "flag_bgnbd_homogeneous_dropout_rows"));
        var pAlive = Column<double>(table, "p_alive");
        Assert.IsTrue(pAlive.All(v => v is >= 0 and <= 1), "p_alive published for every customer");
        Assert.IsGreaterThan(0.1, pAlive.Count(v => v < 0.5) / (double)pAlive.Length, "customers silent since a repeat purchase are judged gone");
        Assert.IsTrue(Column<double>(table, "clv").All(double.IsFinite));
        Assert.IsTrue(context.Data.Notes.Exists(n => n.StartsWith("value: the BG/NBD fit is in the homogeneous-dropout limit", StringComparison.Ordinal)));
        Assert.IsFalse(context.Data.Notes.Exists(n => n.Contains("bgnbd at_bound", StringComparison.Ordinal)), "no at-bound quality warning");
    }

    private static readonly string[] Parameters = ["r", "alpha", "a", "b", "starts_converged"];

    private static string Fitted(RecsysBatch.Core.Stages.StageContext context) =>
        string.Join(" ", Parameters.Select(m => $"{m}={Metric(context, ValuePredictions.BgNbdName, m)}"));
}
