namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The codes of influence_coefficients.flags: each one a documented reason not to read a row as a reliable effect.
/// Only <see cref="FewOutcomes"/> also nulls the estimate; the others leave it and warn.
/// </summary>
internal static class InfluenceFlags
{
    /// <summary>Fewer than minOutcomesPerArm purchases in the treated or the control arm.</summary>
    public const string FewOutcomes = "few_outcomes";

    /// <summary>Too few units inside the clipping bounds, or an arm's weights rest on a few units (low effective sample size).</summary>
    public const string PoorOverlap = "poor_overlap";

    /// <summary>More than <see cref="MaxClippedShare"/> of the units had their propensity clipped.</summary>
    public const string ClippedShareHigh = "clipped_share_high";

    /// <summary>The held-out log loss of the propensity or outcome model is above that of a constant rate.</summary>
    public const string NuisanceWorseThanConstant = "nuisance_worse_than_constant";

    /// <summary>
    /// Beyond a tenth of clipped units, the clipping bias (those units are weighted as if their propensity were the
    /// bound) is no longer a small correction: the estimate is partly the clipping rule's.
    /// </summary>
    public const double MaxClippedShare = 0.10;

    /// <summary>
    /// An arm whose effective sample size (Σw)²/Σw² is under a tenth of its units is carried by a handful of heavily
    /// weighted units, so its standard error is itself unreliable.
    /// </summary>
    public const double MinEssShare = 0.10;

    public static bool HasFewOutcomes(ArmSupport support, int minOutcomes)
    {
        ArgumentNullException.ThrowIfNull(support);
        return support.TreatedOutcomes < minOutcomes || support.ControlOutcomes < minOutcomes;
    }

    /// <summary>The flags that follow from the support alone, in the documented order.</summary>
    public static List<string> Of(ArmSupport support, int minArmUnits, int minOutcomes)
    {
        ArgumentNullException.ThrowIfNull(support);
        var flags = new List<string>();
        if (HasFewOutcomes(support, minOutcomes))
        {
            flags.Add(FewOutcomes);
        }

        var thin = support.InsideTreated < minArmUnits || support.InsideControl < minArmUnits;
        var skewed = support.EssTreated < MinEssShare * support.TreatedUnits || support.EssControl < MinEssShare * support.ControlUnits;
        if (support.TreatedUnits > 0 && support.ControlUnits > 0 && (thin || skewed))
        {
            flags.Add(PoorOverlap);
        }

        if (support.ClippedShare > MaxClippedShare)
        {
            flags.Add(ClippedShareHigh);
        }

        return flags;
    }

    /// <summary>The column value: comma-separated codes, null when none.</summary>
    public static string? Join(IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        return flags.Count == 0 ? null : string.Join(',', flags);
    }
}
