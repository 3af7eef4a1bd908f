namespace RecsysBatch.Cli.Tests.RealLogs;

/// <summary>
/// What must hold on the tables of any real log (issue 15), whatever the figures: invariants, not tuned numbers.
/// </summary>
internal static class RealLogInvariants
{
    /// <summary>The default minOutcomesPerArm of the influence stage.</summary>
    private const long MinOutcomesPerArm = 10;

    public static void AssertAll(RealLogRun run)
    {
        EveryLineAccountedFor(run);
        NoIntervalWithoutSupport(run);
    }

    /// <summary>input_rows = events + rejected + dropped duplicates + after the snapshot.</summary>
    public static void EveryLineAccountedFor(RealLogRun run)
    {
        var row = run.Query("SELECT input_rows, events, rejected_rows, duplicates_dropped, after_snapshot FROM job_runs")[0];
        Assert.AreEqual((long)row[0]!, (long)row[1]! + (long)row[2]! + (long)row[3]! + (long)row[4]!, "job_runs counts do not add up");
    }

    /// <summary>An interval that excludes 0 rests on at least the minimum purchases in each arm, unflagged for support.</summary>
    public static void NoIntervalWithoutSupport(RealLogRun run)
    {
        var unsupported = run.Query(
            "SELECT behavior, segment, estimate, ci_low, ci_high, treated_outcomes, control_outcomes, flags FROM influence_coefficients " +
            $"WHERE (ci_low > 0 OR ci_high < 0) AND (treated_outcomes < {MinOutcomesPerArm} OR control_outcomes < {MinOutcomesPerArm} OR flags LIKE '%few_outcomes%')");
        Assert.HasCount(0, unsupported, "intervals excluding 0 without support: " + string.Join("; ", unsupported.Select(r => string.Join(" ", r))));
        var fewButEstimated = run.Scalar(
            $"SELECT count(*) FROM influence_coefficients WHERE (treated_outcomes < {MinOutcomesPerArm} OR control_outcomes < {MinOutcomesPerArm}) " +
            "AND (estimate IS NOT NULL OR flags IS NULL OR flags NOT LIKE '%few_outcomes%')");
        Assert.AreEqual(0L, fewButEstimated, "rows below the minimum support must be null and flagged few_outcomes");
    }
}
