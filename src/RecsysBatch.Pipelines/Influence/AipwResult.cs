namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// One (behaviour, segment) estimate; NaN marks what could not be computed, <see cref="Note"/> says why, and
/// <see cref="Flags"/> names every reason not to trust the row (codes of <see cref="InfluenceFlags"/>).
/// </summary>
internal sealed record AipwResult(
    double Estimate,
    double StandardError,
    double Regression,
    ArmSupport Support,
    double[] TreatedQuantiles,
    double[] ControlQuantiles,
    IReadOnlyList<string> Flags,
    string? Note)
{
    /// <summary>Two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    public double CiLow => Estimate - (Z95 * StandardError);

    public double CiHigh => Estimate + (Z95 * StandardError);

    public double Naive => Support.Naive;

    public long Treated => Support.TreatedUnits;

    public long Control => Support.ControlUnits;

    public double TrimmedShare => Support.ClippedShare;

    public double EssTreated => Support.EssTreated;

    public double EssControl => Support.EssControl;

    /// <summary>E-value of the estimate against the control arm's purchase rate (NaN when there is no estimate).</summary>
    public double EValue => EValues.OfEstimate(Estimate, Support.ControlRate);

    /// <summary>E-value of the interval bound nearer to 0 (1 when the interval contains 0).</summary>
    public double EValueCi => EValues.OfInterval(Estimate, CiLow, CiHigh, Support.ControlRate);

    /// <summary>The same result with one more flag (flags the estimator cannot see, e.g. the nuisance models' quality).</summary>
    public AipwResult WithFlag(string flag) => this with { Flags = [.. Flags, flag] };
}
