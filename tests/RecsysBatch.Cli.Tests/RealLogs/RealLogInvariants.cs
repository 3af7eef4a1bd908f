namespace RecsysBatch.Cli.Tests.RealLogs;

/// <summary>
/// What must hold on the tables of any real log (issue 15), whatever the figures: invariants, not tuned numbers.
/// </summary>
internal static class RealLogInvariants
{
    /// <summary>The default minOutcomesPerArm of the influence stage.</summary>
    private const long MinOutcomesPerArm = 10;

    public static void AssertAll(RealLogRun run, string rankLabelEvent = "purchase")
    {
        EveryLineAccountedFor(run);
        NoIntervalWithoutSupport(run);
        RecommendationsOrderedByTheHoldOutWinner(run);
        ItemProbabilityAtMostTheUsers(run, rankLabelEvent == "purchase" ? "p_purchase" : "p_active");
        DegenerateValueFitIsNotPublishedAsOne(run);
        EveryLossToABaselineIsWarned(run);
    }

    /// <summary>
    /// A model that loses to a baseline of the same hold-out is named in job_runs.notes by the quality gate (checked
    /// here from model_metrics by SQL, independently of the gate's code), and each stage's warning count is published.
    /// </summary>
    public static void EveryLossToABaselineIsWarned(RealLogRun run)
    {
        var notes = (string?)run.Query("SELECT notes FROM job_runs")[0][0] ?? "";
        (string Stage, string Model, string Metric, string Baselines)[] checks =
        [
            ("rank", "ranker", "auc", "'mf', 'popularity'"),
            ("factorize", "mf", "recall@20", "'popularity', 'item_knn', 'category_popularity'"),
            ("value", "chosen", "holdout_gini_normalized", "'baseline'"),
        ];
        foreach (var (stage, model, metric, baselines) in checks)
        {
            var loses = run.Scalar(
                $"SELECT count(*) FROM model_metrics m WHERE m.stage = '{stage}' AND m.model = '{model}' AND m.metric = '{metric}' " +
                $"AND m.value < (SELECT max(b.value) FROM model_metrics b WHERE b.stage = m.stage AND b.metric = m.metric AND b.model IN ({baselines}))");
            var warned = notes.Contains($"quality: {stage}: {model} {metric} ", StringComparison.Ordinal);
            Assert.AreEqual(loses > 0, warned, $"{stage} {model} {metric}: loses to a baseline = {loses > 0}, but the notes say {(warned ? "so" : "nothing")}: {notes}");
        }

        var stagesWithFigures = run.Scalar("SELECT count(DISTINCT stage) FROM model_metrics WHERE stage IN ('factorize', 'rank', 'interest', 'value') AND model <> 'quality'");
        var counted = run.Scalar("SELECT count(*) FROM model_metrics WHERE model = 'quality' AND metric = 'warnings'");
        Assert.AreEqual(stagesWithFigures, counted, "one quality warnings count per stage with rules and figures");
    }

    /// <summary>The scorer that ordered the lists is the best held-out AUC (an undecided run is flagged, not overruled).</summary>
    public static void RecommendationsOrderedByTheHoldOutWinner(RealLogRun run)
    {
        var scorers = run.Query("SELECT DISTINCT scorer FROM recommendations");
        if (scorers.Count == 0)
        {
            return;
        }

        // One champion orders every list; rows it cannot score (MF for a user without factors) say popularity.
        var champions = run.Query("SELECT metric FROM model_metrics WHERE stage = 'rank' AND model = 'champion' AND metric LIKE 'scorer_%' AND value = 1");
        Assert.HasCount(1, champions, "one champion per run");
        var scorer = ((string)champions[0][0]!)["scorer_".Length..];
        var others = run.Scalar($"SELECT count(*) FROM recommendations WHERE scorer NOT IN ('{scorer}', 'popularity')");
        Assert.AreEqual(0L, others, "rows scored by neither the champion nor the popularity fallback");
        if (scorer == "mf")
        {
            Assert.AreEqual(0L, run.Scalar("SELECT count(*) FROM recommendations WHERE scorer = 'popularity' AND mf_score IS NOT NULL"), "a popularity row under an MF champion has no MF score");
        }
        var best = (string)run.Query(
            "SELECT model FROM model_metrics WHERE stage = 'rank' AND metric = 'auc' AND model IN ('ranker', 'mf', 'popularity') ORDER BY value DESC LIMIT 1")[0][0]!;
        Assert.AreEqual(best, scorer, "the champion is the best held-out AUC (undecided is a flag, not a veto)");
    }

    /// <summary>No item is more likely than the user doing the label event at all.</summary>
    public static void ItemProbabilityAtMostTheUsers(RealLogRun run, string userProbability)
    {
        var above = run.Scalar(
            $"SELECT count(*) FROM recommendations r JOIN behavior_predictions b ON b.user_id = r.user_id AND b.pipeline = r.pipeline " +
            $"AND b.snapshot_date = r.snapshot_date WHERE r.p_item > b.{userProbability} + 1e-12");
        Assert.AreEqual(0L, above, $"recommendations with p_item above the user's {userProbability}");
    }

    /// <summary>A BG/NBD fit at its bound publishes no P(alive) and does not fill predicted_value.</summary>
    public static void DegenerateValueFitIsNotPublishedAsOne(RealLogRun run)
    {
        if (run.Scalar("SELECT coalesce(max(value), 0) FROM model_metrics WHERE stage = 'value' AND model = 'bgnbd' AND metric = 'degenerate'") == 0)
        {
            return;
        }

        Assert.AreEqual(0L, run.Scalar("SELECT count(*) FROM user_value_scores WHERE p_alive IS NOT NULL OR clv IS NOT NULL"), "p_alive of a degenerate fit");
        Assert.AreEqual(0L, run.Scalar("SELECT count(*) FROM user_value_scores WHERE flags IS NULL OR (flags NOT LIKE '%bgnbd_at_bound%' AND flags NOT LIKE '%bgnbd_not_converged%')"));
        Assert.AreEqual(0L, run.Scalar("SELECT count(*) FROM model_metrics WHERE stage = 'value' AND model IN ('bgnbd', 'blend') AND metric = 'chosen' AND value = 1"));
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
