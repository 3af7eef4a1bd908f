using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Accuracy of the explicit (rating) factorization on rating sources, for `recsys evaluate mf`: random k-fold as
/// in the public MovieLens tables, or a time hold-out next to the global-mean + biases baseline. Options and data
/// are checked before anything is trained; every problem is a <see cref="RecsysException"/> with one line.
/// </summary>
public static class MfEvaluation
{
    public static async Task<KFoldReport> KFoldAsync(IReadOnlyList<SourceSpec> sources, MfEvaluationSettings settings, int folds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(settings);
        if (folds < 2)
        {
            throw new RecsysException($"evaluate mf: --folds must be at least 2; it is {folds}.");
        }

        var options = settings.ToOptions();
        options.Validate("evaluate mf");
        // The event table is only read here: once the cells are out it is garbage, so it is not held while training.
        var data = AllRatings(await RatingSources.LoadAsync(sources, long.MaxValue, cancellationToken).ConfigureAwait(false), sources);
        data.Validate(options, "evaluate mf ratings");
        if (data.Count < folds)
        {
            throw new RecsysException($"evaluate mf: {data.Count} ratings cannot be split into {folds} folds.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = RatingCrossValidation.KFold(data, options, folds, settings.Seed, settings.Search);
        return new KFoldReport(
            data.Count, RatingMatrix.CountDistinct(data.User, data.Users), RatingMatrix.CountDistinct(data.Item, data.Items), options.ResolvedThreads, options.ResolvedBlocks, results);
    }

    /// <param name="sources">Rating sources.</param>
    /// <param name="settings">Trainer settings.</param>
    /// <param name="asOf">End of the test window (exclusive); null: the UTC day after the newest event.</param>
    /// <param name="horizonDays">Length of the test window in days.</param>
    /// <param name="cancellationToken">Stops between loading and training.</param>
    public static async Task<TimeHoldOutReport> TimeHoldOutAsync(
        IReadOnlyList<SourceSpec> sources, MfEvaluationSettings settings, DateOnly? asOf, int horizonDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(settings);
        if (horizonDays < 1)
        {
            throw new RecsysException($"evaluate mf: --horizon-days must be at least 1; it is {horizonDays}.");
        }

        var options = settings.ToOptions();
        options.Validate("evaluate mf");
        // With λ and the rate given, the ratings go straight from MovieLens files into the two matrices, and the
        // trainer builds its grid in the training arrays (Score below needs only what is computed before it).
        var direct = settings.Search is (false, false) ? TimeSplitReader.TryRead(sources, asOf, horizonDays, cancellationToken) : null;
        var (train, test, split, end, choice) = direct is { } cells
            ? Check(cells, options)
            : Split(
                await RatingSources.LoadAsync(sources, asOf is { } day ? Timestamps.ToUnixMs(day) : long.MaxValue, cancellationToken).ConfigureAwait(false),
                sources, settings, options, asOf, horizonDays, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (direct is not null)
        {
            // The reading's scratch (duplicate bits, id maps, test lists: tens of MB) is garbage now and the trainer
            // is about to take an index array of the ratings: collected here, that memory can be reused for it
            // instead of adding to the peak.
            GC.Collect();
        }

        var (mean, userBias, itemBias) = ExplicitEvaluation.Baseline(train);
        var (min, max) = (train.Label.Min(), train.Label.Max());
        var seenUser = Seen(train.User, train.Users);
        var seenItem = Seen(train.Item, train.Items);
        var trainCount = train.Count;
        var trace = new TrainingTrace();
        var clock = Stopwatch.StartNew();
        var model = SgdTrainer.Train(train, SgdSearch.Copy(options, choice.Lambda, choice.LearningRate), trace, reorderCells: true);
        var seconds = clock.Elapsed.TotalSeconds;
        double mfSe = 0, mfAe = 0, baseSe = 0, baseAe = 0;
        var cold = 0;
        for (var j = 0; j < test.Count; j++)
        {
            var (u, i, r) = (test.User[j], test.Item[j], test.Label[j]);
            // A key with no training rating only has its initial random factors: score it as unknown (mean + known bias).
            var e = Math.Clamp(model.Score(seenUser[u] ? u : -1, seenItem[i] ? i : -1), min, max) - r;
            var b = Math.Clamp(mean + userBias[u] + itemBias[i], min, max) - r;
            mfSe += e * e;
            mfAe += Math.Abs(e);
            baseSe += b * b;
            baseAe += Math.Abs(b);
            cold += seenUser[u] && seenItem[i] ? 0 : 1;
        }

        var n = test.Count;
        return new TimeHoldOutReport(
            split, end, trainCount, n, cold, Math.Sqrt(mfSe / n), mfAe / n, Math.Sqrt(baseSe / n), baseAe / n, seconds, trace.Seconds.Average(), choice);
    }

    /// <summary>The direct reading's matrices with the checks <see cref="Split"/> makes (no search: λ and the rate are given).</summary>
    private static (RatingMatrix Train, RatingMatrix Test, DateOnly Split, DateOnly End, SgdChoice Choice) Check(TimeSplit cells, MatrixFactorizationOptions options)
    {
        cells.Train.Validate(options, $"evaluate mf: ratings before {cells.Split:yyyy-MM-dd}");
        return (cells.Train, cells.Test, cells.Split, cells.End, new SgdChoice(options.Lambda, options.LearningRate, [], 0));
    }

    private static RatingMatrix AllRatings(EventTable events, IReadOnlyList<SourceSpec> sources)
    {
        RatingSources.RequireRatings(events, sources);
        return RatingSources.Ratings(events, long.MinValue, long.MaxValue, "evaluate mf ratings", "check the sources");
    }

    /// <summary>The training and test ratings of the time protocol, and λ and the learning rate to train with.</summary>
    private static (RatingMatrix Train, RatingMatrix Test, DateOnly Split, DateOnly End, SgdChoice Choice) Split(
        EventTable events, IReadOnlyList<SourceSpec> sources, MfEvaluationSettings settings, MatrixFactorizationOptions options, DateOnly? asOf, int horizonDays, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && asOf is { } cutoff)
        {
            throw new RecsysException($"evaluate mf: no events before --as-of {cutoff:yyyy-MM-dd} in {string.Join(", ", sources)}; choose a later date.");
        }

        RatingSources.RequireRatings(events, sources);
        var end = asOf ?? Timestamps.DayOf(Newest(events)).AddDays(1);
        var split = end.AddDays(-horizonDays);
        var (splitMs, endMs) = (Timestamps.ToUnixMs(split), Timestamps.ToUnixMs(end));
        const string Hint = "choose another --as-of or --horizon-days";
        var train = RatingSources.Ratings(events, long.MinValue, splitMs, $"evaluate mf: ratings before {split:yyyy-MM-dd}", Hint);
        var test = RatingSources.Ratings(events, splitMs, endMs, $"evaluate mf: ratings in [{split:yyyy-MM-dd}, {end:yyyy-MM-dd})", Hint);
        train.Validate(options, $"evaluate mf: ratings before {split:yyyy-MM-dd}");
        cancellationToken.ThrowIfCancellationRequested();
        return (train, test, split, end, Choose(events, train, split, horizonDays, options, settings));
    }

    /// <summary>
    /// The inner split of the time protocol is the latest slice of the training part: ratings in
    /// [split − horizon, split) validate a model trained before it, so the choice never sees [split, as-of). When
    /// that slice or what precedes it is empty or too small to factorize, a random holdout of the training part is used.
    /// The factorize stage's explicit hold-out chooses its values the same way.
    /// </summary>
    internal static SgdChoice Choose(EventTable events, RatingMatrix train, DateOnly split, int horizonDays, MatrixFactorizationOptions options, MfEvaluationSettings settings)
    {
        if (settings.Search is (false, false))
        {
            return new SgdChoice(options.Lambda, options.LearningRate, [], 0);
        }

        var (innerMs, splitMs) = (Timestamps.ToUnixMs(split.AddDays(-horizonDays)), Timestamps.ToUnixMs(split));
        RatingMatrix inner, validation;
        string described;
        try
        {
            described = string.Create(CultureInfo.InvariantCulture, $"the ratings in [{split.AddDays(-horizonDays):yyyy-MM-dd}, {split:yyyy-MM-dd})");
            inner = RatingSources.Ratings(events, long.MinValue, innerMs, "evaluate mf: inner training ratings", "-");
            validation = RatingSources.Ratings(events, innerMs, splitMs, "evaluate mf: inner validation ratings", "-");
            inner.Validate(options, "evaluate mf: inner training ratings");
        }
        catch (RecsysException)
        {
            (inner, validation) = InnerValidation.Random(train, settings.Seed + 1);
            described = string.Create(CultureInfo.InvariantCulture, $"a random {InnerValidation.RandomShare * 100:0}% of the ratings before {split:yyyy-MM-dd}");
        }

        return SgdSearch.Choose(inner, validation, options, settings.Lambda, settings.LearningRate) with { InnerSplit = described };
    }

    private static long Newest(EventTable events)
    {
        var newest = long.MinValue;
        foreach (var ts in events.TimestampMs)
        {
            newest = Math.Max(newest, ts);
        }

        return newest;
    }

    private static bool[] Seen(int[] keys, int range)
    {
        var seen = new bool[range];
        foreach (var k in keys)
        {
            seen[k] = true;
        }

        return seen;
    }
}
