namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// What an estimate rests on: units and purchases per arm (the 2 × 2 table a reader can check by hand), how many
/// units kept a propensity inside the clipping bounds, and the effective sample sizes (Σw)²/Σw² of the clipped
/// inverse-propensity weights per arm. None of it reads the nuisance outcome models.
/// </summary>
internal sealed record ArmSupport(
    long TreatedUnits,
    long TreatedOutcomes,
    long ControlUnits,
    long ControlOutcomes,
    long Clipped,
    long InsideTreated,
    long InsideControl,
    double EssTreated,
    double EssControl)
{
    public long Units => TreatedUnits + ControlUnits;

    /// <summary>Share of the units whose propensity was clipped to the bounds; NaN without units.</summary>
    public double ClippedShare => Units == 0 ? double.NaN : (double)Clipped / Units;

    /// <summary>Purchase rate of the control arm: the baseline risk p0 of the E-value; NaN without controls.</summary>
    public double ControlRate => ControlUnits == 0 ? double.NaN : (double)ControlOutcomes / ControlUnits;

    /// <summary>Treated minus control purchase rate, unadjusted; NaN when an arm is empty.</summary>
    public double Naive => TreatedUnits > 0 && ControlUnits > 0 ? ((double)TreatedOutcomes / TreatedUnits) - ControlRate : double.NaN;

    public static ArmSupport Count(IReadOnlyList<int> rows, bool[] treated, bool[] outcome, double[] propensity, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(propensity);
        long nT = 0, nC = 0, yT = 0, yC = 0, clipped = 0, insideT = 0, insideC = 0;
        double sumWT = 0, sumW2T = 0, sumWC = 0, sumW2C = 0;
        foreach (var r in rows)
        {
            var inside = propensity[r] >= low && propensity[r] <= high;
            var e = Math.Clamp(propensity[r], low, high);
            clipped += inside ? 0 : 1;
            if (treated[r])
            {
                nT++;
                yT += outcome[r] ? 1 : 0;
                insideT += inside ? 1 : 0;
                sumWT += 1 / e;
                sumW2T += 1 / (e * e);
            }
            else
            {
                nC++;
                yC += outcome[r] ? 1 : 0;
                insideC += inside ? 1 : 0;
                sumWC += 1 / (1 - e);
                sumW2C += 1 / ((1 - e) * (1 - e));
            }
        }

        return new ArmSupport(nT, yT, nC, yC, clipped, insideT, insideC,
            nT == 0 ? double.NaN : sumWT * sumWT / sumW2T, nC == 0 ? double.NaN : sumWC * sumWC / sumW2C);
    }
}
