using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>Data drawn from BG/NBD and Gamma-Gamma with known parameters: the MLE lands within 4 standard errors of the truth.</summary>
[TestClass]
public sealed class ParameterRecoveryTests
{
    [TestMethod]
    public void BgNbdFit_SimulatedCustomers_RecoversParametersWithinFourStandardErrors()
    {
        var truth = new BgNbdParameters(0.5, 4, 0.8, 2.5);
        var random = new Random(11);
        var customers = Enumerable.Range(0, 4000)
            .Select(_ => BtydSimulator.Draw(random, truth.R, truth.Alpha, truth.A, truth.B, 26 + (26 * random.NextDouble())))
            .ToList();
        var x = customers.Select(c => c.X).ToArray();
        var tx = customers.Select(c => c.Tx).ToArray();
        var age = customers.Select(c => c.T).ToArray();

        var fit = BgNbdFitter.Run(x, tx, age, starts: 3, seed: 1);

        var groups = RfmGroups.From(x, tx, age);
        var theta = new[] { fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B }.Select(v => Math.Log(v)).ToArray();
        var se = NumericHessian.StandardErrors(t => BgNbdModel.TotalLogLikelihood(BgNbdParameters.FromLog(t), groups), theta);
        var expected = new[] { truth.R, truth.Alpha, truth.A, truth.B }.Select(v => Math.Log(v)).ToArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.IsLessThan(4 * se[i], Math.Abs(theta[i] - expected[i]), $"parameter {i}: ln estimate {theta[i]:F3}, ln truth {expected[i]:F3}, se {se[i]:F3}");
            Assert.IsLessThan(0.5, se[i], "the sample is large enough to pin every parameter down");
        }

        // The optimum is a maximum: the truth itself has a lower likelihood.
        Assert.IsGreaterThanOrEqualTo(BgNbdModel.TotalLogLikelihood(truth, groups), fit.LogLikelihood);
    }

    [TestMethod]
    public void GammaGammaFit_SimulatedSpends_RecoversParametersWithinFourStandardErrors()
    {
        var (p, q, gamma) = (6.0, 4.0, 15.0);
        var random = new Random(5);
        var x = new int[3000];
        var mean = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = 1 + random.Next(8);
            var nu = MathNet.Numerics.Distributions.Gamma.Sample(random, q, gamma);
            mean[i] = Enumerable.Range(0, x[i]).Average(_ => MathNet.Numerics.Distributions.Gamma.Sample(random, p, nu));
        }

        var fit = GammaGammaFitter.Run(x, mean, starts: 3, seed: 1);

        double Total(double[] t)
        {
            var g = GammaGammaParameters.FromLog(t);
            return x.Select((xi, i) => GammaGammaModel.LogLikelihood(g, xi, mean[i])).Sum();
        }

        var theta = new[] { fit.Parameters.P, fit.Parameters.Q, fit.Parameters.Gamma }.Select(v => Math.Log(v)).ToArray();
        Assert.AreEqual(Total(theta), fit.LogLikelihood, 1e-6 * Math.Abs(fit.LogLikelihood), "the grouped likelihood equals the per-customer sum");
        var se = NumericHessian.StandardErrors(Total, theta);
        var expected = new[] { p, q, gamma }.Select(v => Math.Log(v)).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.IsLessThan(4 * se[i], Math.Abs(theta[i] - expected[i]), $"parameter {i}: ln estimate {theta[i]:F3}, ln truth {expected[i]:F3}, se {se[i]:F3}");
        }
    }
}
