using MathNet.Numerics;
using MathNet.Numerics.Integration;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// BG/NBD quantities by brute-force numerical integration over the mixing distributions of λ and p, independent of
/// the closed forms under test. Substitutions λ = v^(1/r) and p = s^(1/a) remove the integrable singularities of the
/// Gamma and Beta densities at 0 (r, a &lt; 1); composite Gauss-Legendre panels, graded towards 0 where p = s^(1/a) is not smooth, integrate the rest.
/// </summary>
internal static class PosteriorIntegral
{
    /// <summary>∫∫ weight(λ, p) · g(λ; r, α) f(p; a, b) dλ dp for a smooth weight that decays like λ^x e^(−λ c).</summary>
    public static double Integrate(BgNbdParameters m, double x, double c, Func<double, double, double> weight)
    {
        var lambdaMax = (x + m.R + 80) / (m.Alpha + c);
        var vMax = Math.Pow(lambdaMax, m.R);
        var lnNorm = (m.R * Math.Log(m.Alpha)) - SpecialFunctions.GammaLn(m.R) - Math.Log(m.R) - Math.Log(m.A) - SpecialFunctions.BetaLn(m.A, m.B);
        double Integrand(double v, double s)
        {
            var lambda = Math.Pow(v, 1 / m.R);
            var p = Math.Pow(s, 1 / m.A);
            return Math.Exp(lnNorm - (m.Alpha * lambda) + ((m.B - 1) * double.LogP1(-p))) * weight(lambda, p);
        }

        const int vPanels = 60, sPanels = 24, order = 16;
        double total = 0;
        for (var i = 0; i < vPanels; i++)
        {
            var v0 = vMax * Math.Pow(i / (double)vPanels, 2);
            var v1 = vMax * Math.Pow((i + 1) / (double)vPanels, 2);
            for (var j = 0; j < sPanels; j++)
            {
                total += GaussLegendreRule.Integrate(Integrand, v0, v1, Math.Pow(j / (double)sPanels, 4), Math.Pow((j + 1) / (double)sPanels, 4), order);
            }
        }

        return total;
    }

    public static double Likelihood(BgNbdParameters m, double x, double tx, double age) =>
        Integrate(m, x, tx, (lambda, p) =>
            (Math.Pow(1 - p, x) * Math.Pow(lambda, x) * Math.Exp(-lambda * age))
            + (x > 0 ? p * Math.Pow(1 - p, x - 1) * Math.Pow(lambda, x) * Math.Exp(-lambda * tx) : 0));

    public static double AliveMass(BgNbdParameters m, double x, double age) =>
        Integrate(m, x, age, (lambda, p) => Math.Pow(1 - p, x) * Math.Pow(lambda, x) * Math.Exp(-lambda * age));

    /// <summary>∫∫ P(alive-path) · E[Y(t) | λ, p, alive] with E = (1 − e^(−λpt))/p.</summary>
    public static double ExpectedMass(BgNbdParameters m, double x, double age, double t) =>
        Integrate(m, x, age, (lambda, p) =>
            Math.Pow(1 - p, x) * Math.Pow(lambda, x) * Math.Exp(-lambda * age) * (p < 1e-300 ? lambda * t : -double.ExpM1(-lambda * p * t) / p));
}
