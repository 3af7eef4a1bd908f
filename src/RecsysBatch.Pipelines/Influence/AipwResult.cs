namespace RecsysBatch.Pipelines.Influence;

/// <summary>One (behaviour, segment) estimate; NaN marks what could not be computed, <see cref="Note"/> says why.</summary>
internal sealed record AipwResult(
    double Estimate,
    double StandardError,
    double Naive,
    double Regression,
    long Treated,
    long Control,
    double TrimmedShare,
    double EssTreated,
    double EssControl,
    double[] TreatedQuantiles,
    double[] ControlQuantiles,
    string? Note)
{
    /// <summary>Two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    public double CiLow => Estimate - (Z95 * StandardError);

    public double CiHigh => Estimate + (Z95 * StandardError);
}
