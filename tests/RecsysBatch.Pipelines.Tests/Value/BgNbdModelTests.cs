using MathNet.Numerics;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>The closed forms (likelihood, P(alive), conditional expectation, 2F1) against brute-force integrals and identities.</summary>
[TestClass]
public sealed class BgNbdModelTests
{
    /// <summary>The published CDNOW fit (Fader, Hardie &amp; Lee 2005), weeks.</summary>
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    /// <summary>x = 0 (never repeated), x = 1 and 2, a heavy buyer, a lapsed buyer, a customer first seen on the last day.</summary>
    public static IEnumerable<object[]> Customers =>
    [
        [0.0, 0.0, 38.86],
        [1.0, 20.0, 38.86],
        [2.0, 30.43, 38.86],
        [14.0, 36.0, 38.0],
        [7.0, 5.0, 38.0],
        [0.0, 0.0, 0.0],
    ];

    [TestMethod]
    [DynamicData(nameof(Customers))]
    public void LogLikelihood_PublishedCdnowParameters_MatchesNumericalIntegral(double x, double tx, double age)
    {
        var integral = PosteriorIntegral.Likelihood(Cdnow, x, tx, age);

        Assert.AreEqual(Math.Log(integral), BgNbdModel.LogLikelihood(Cdnow, x, tx, age), 1e-7);
    }

    [TestMethod]
    [DynamicData(nameof(Customers))]
    public void PAliveAndExpectedPurchases_PublishedCdnowParameters_MatchNumericalIntegrals(double x, double tx, double age)
    {
        var likelihood = PosteriorIntegral.Likelihood(Cdnow, x, tx, age);
        var pAlive = PosteriorIntegral.AliveMass(Cdnow, x, age) / likelihood;
        var expected = PosteriorIntegral.ExpectedMass(Cdnow, x, age, 39) / likelihood;

        Assert.AreEqual(pAlive, BgNbdModel.PAlive(Cdnow, x, tx, age), 1e-7);
        Assert.AreEqual(expected, BgNbdModel.ExpectedPurchases(Cdnow, x, tx, age, 39), 1e-6 * Math.Max(1, expected));
    }

    [TestMethod]
    public void ExpectedPurchases_PublishedCdnowExample_Is1226()
    {
        // Fader, Hardie & Lee (2005): a customer with x = 2, t_x = 30.43, T = 38.86 weeks expects 1.226 purchases in the next 39 weeks.
        Assert.AreEqual(1.226, BgNbdModel.ExpectedPurchases(Cdnow, 2, 30.43, 38.86, 39), 5e-4);
    }

    [TestMethod]
    public void ExpectedPurchases_ParametersWithAAboveOne_MatchesNumericalIntegral()
    {
        var model = new BgNbdParameters(1.3, 9, 2.2, 4.5);
        var expected = PosteriorIntegral.ExpectedMass(model, 3, 20, 52) / PosteriorIntegral.Likelihood(model, 3, 12, 20);

        Assert.AreEqual(expected, BgNbdModel.ExpectedPurchases(model, 3, 12, 20, 52), 1e-6 * expected);
    }

    [TestMethod]
    public void TotalLogLikelihood_Groups_EqualsSumOverCustomers()
    {
        double[] x = [0, 0, 2, 2, 5, 1], tx = [0, 0, 10, 10, 30, 3.5], age = [40, 40, 40, 40, 35, 20];
        var sum = x.Select((xi, i) => BgNbdModel.LogLikelihood(Cdnow, xi, tx[i], age[i])).Sum();

        Assert.AreEqual(sum, BgNbdModel.TotalLogLikelihood(Cdnow, RfmGroups.From(x, tx, age)), 1e-9);
    }

    [TestMethod]
    public void F21_KnownClosedForms_Agree()
    {
        foreach (var z in new[] { 0.0, 0.1, 0.5, 0.9, 0.99 })
        {
            var log = z == 0 ? 1 : -Math.Log(1 - z) / z;
            Assert.AreEqual(log, Hypergeometric.F21(1, 1, 2, z), 1e-10 * log, $"2F1(1,1;2;{z})");
            Assert.AreEqual(Math.Pow(1 - z, -0.7), Hypergeometric.F21(0.7, 1.9, 1.9, z), 1e-10 * Math.Pow(1 - z, -0.7), $"2F1(0.7,b;b;{z})");
        }

        // Gauss: 2F1(a, b; c; 1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) for c > a + b; z = 0.999 sits close to it.
        var gauss = Math.Exp(SpecialFunctions.GammaLn(5) + SpecialFunctions.GammaLn(2.5) - SpecialFunctions.GammaLn(3.8) - SpecialFunctions.GammaLn(3.7));
        Assert.AreEqual(gauss, Hypergeometric.F21(1.2, 1.3, 5, 0.999999), 1e-4 * gauss);
    }

    [TestMethod]
    public void ExpectedPurchases_ZeroHorizon_IsZeroAndGrowsWithHorizon()
    {
        Assert.AreEqual(0, BgNbdModel.ExpectedPurchases(Cdnow, 2, 30.43, 38.86, 0));
        var week = BgNbdModel.ExpectedPurchases(Cdnow, 2, 30.43, 38.86, 1);
        var year = BgNbdModel.ExpectedPurchases(Cdnow, 2, 30.43, 38.86, 52);
        Assert.IsGreaterThan(0, week);
        Assert.IsGreaterThan(week * 10, year);
    }
}
