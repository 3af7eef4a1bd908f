namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Sensitivity to an unobserved confounder (VanderWeele &amp; Ding 2017): the E-value is the smallest risk ratio that
/// a hidden common cause would need with both the behaviour and the purchase, beyond the measured confounders, to
/// explain the estimate away. The effect is a risk difference, so it is turned into the risk ratio
/// RR = (p0 + effect) / p0 against the control arm's purchase rate p0; then E = RR* + sqrt(RR*·(RR* − 1)) with
/// RR* = RR when RR ≥ 1 and 1/RR below 1 (a protective effect is as fragile as its reciprocal harmful one).
/// </summary>
internal static class EValues
{
    /// <summary>E-value of a risk ratio; NaN when the ratio is not a positive finite number.</summary>
    public static double OfRiskRatio(double riskRatio)
    {
        if (!double.IsFinite(riskRatio) || riskRatio <= 0)
        {
            return double.NaN;
        }

        var rr = riskRatio >= 1 ? riskRatio : 1 / riskRatio;
        return rr + Math.Sqrt(rr * (rr - 1));
    }

    /// <summary>
    /// E-value of a risk difference against the baseline rate p0; NaN without an estimate, without a positive p0,
    /// or when p0 + effect is not a positive risk (the difference then cannot be read as a ratio).
    /// </summary>
    public static double OfEstimate(double effect, double p0) =>
        double.IsFinite(effect) && double.IsFinite(p0) && p0 > 0 ? OfRiskRatio((p0 + effect) / p0) : double.NaN;

    /// <summary>
    /// E-value of the interval's bound nearer to 0 (the weakest effect the data support): 1 when the interval
    /// contains 0, since no confounding at all is needed to move it to the null.
    /// </summary>
    public static double OfInterval(double effect, double low, double high, double p0)
    {
        if (double.IsNaN(OfEstimate(effect, p0)) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            return double.NaN;
        }

        return low <= 0 && high >= 0 ? 1 : OfEstimate(low > 0 ? low : high, p0);
    }
}
