using MathNet.Numerics;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Colombo &amp; Jiang 1999): for a customer
/// with x transactions of mean spend m, ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x
/// − (px+q) ln(γ + m x). E[spend | x, m] = p(γ + m x)/(px + q − 1), the population mean pγ/(q − 1) for x = 0.
/// </summary>
internal static class GammaGammaModel
{
    public static double LogLikelihood(GammaGammaParameters g, int x, double meanSpend)
    {
        ArgumentNullException.ThrowIfNull(g);
        var px = g.P * x;
        return SpecialFunctions.GammaLn(px + g.Q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(g.Q)
            + (g.Q * Math.Log(g.Gamma)) + ((px - 1) * Math.Log(meanSpend)) + (px * Math.Log(x))
            - ((px + g.Q) * Math.Log(g.Gamma + (meanSpend * x)));
    }

    /// <summary>The expected mean spend of a customer's transactions; NaN when q &lt;= 1 (the mean does not exist).</summary>
    public static double ExpectedSpend(GammaGammaParameters g, int x, double meanSpend)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g.Q <= 1)
        {
            return double.NaN;
        }

        return x <= 0 || double.IsNaN(meanSpend)
            ? g.P * g.Gamma / (g.Q - 1)
            : g.P * (g.Gamma + (meanSpend * x)) / ((g.P * x) + g.Q - 1);
    }
}
