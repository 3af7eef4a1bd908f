using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Time-based hold-out: models are fitted on events before S−H and asked for top-K unseen items per user; the
/// relevant items are those the user touched in [S−H, S) and not before S−H. Users need MinUserItems items before
/// S−H and at least one relevant item. MF is reported next to popularity (and item-kNN) computed the same way.
/// </summary>
internal static class FactorizeEvaluation
{
    /// <summary>
    /// Hold-out length in days: the option when set, else the pipeline horizon capped at a quarter of the history
    /// (days from the first 1% of events to the snapshot, so stray old timestamps do not count), at least one day.
    /// The hold-out model should see most of the history the published model is trained on: on a 9-day log a
    /// 7-day hold-out would train on 2 days, and nearly every relevant item would be new to its catalogue.
    /// </summary>
    public static int HoldoutDays(EventTable events, long cutoffMs, int horizonDays, FactorizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        if (options.HoldoutDays is { } days)
        {
            return days;
        }

        var perDay = new SortedDictionary<long, int>();
        var total = 0;
        foreach (var ts in events.TimestampMs)
        {
            if (ts < cutoffMs)
            {
                var day = (cutoffMs - ts - 1) / Timestamps.MillisPerDay;
                perDay[day] = perDay.GetValueOrDefault(day) + 1;
                total++;
            }
        }

        // Days back from the snapshot, oldest first, until 1% of the events lie further back.
        var historyDays = 0L;
        var older = 0;
        foreach (var (day, count) in perDay.Reverse())
        {
            historyDays = day + 1;
            older += count;
            if (older > total / 100)
            {
                break;
            }
        }

        return (int)Math.Clamp(historyDays / 4, 1, Math.Max(1, horizonDays));
    }

    /// <summary>Users with at least <paramref name="minUserItems"/> training items and an item in <paramref name="test"/> new to them, with those items.</summary>
    public static (List<int> Users, List<int[]> Relevant) Judged(Interactions train, Interactions test, int minUserItems)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var users = new List<int>();
        var relevant = new List<int[]>();
        for (var u = 0; u < train.Users; u++)
        {
            if (train.ItemCount(u) < minUserItems)
            {
                continue;
            }

            var fresh = test.ItemsOf(u).ToArray().Where(i => !train.Seen(u, i)).ToArray();
            if (fresh.Length > 0)
            {
                users.Add(u);
                relevant.Add(fresh);
            }
        }

        return (users, relevant);
    }

    public static List<ModelMetric> Evaluate(EventTable events, long splitMs, long cutoffMs, FactorizeOptions options, int seed, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var train = options.Cells(events, long.MinValue, splitMs);
        var test = Interactions.Build(events, splitMs, cutoffMs, options.Weights());
        var (judged, judgedRelevant) = Judged(train, test, options.MinUserItems);
        var (users, relevant) = EvaluationSample.Take(judged, judgedRelevant, options.EvaluationUsers, seed);

        var catalogue = train.Popularity.Count(p => p > 0);
        if (users.Count == 0 || catalogue < 2 || train.Users < 2)
        {
            notes.Add("factorize: no hold-out metrics (no user with history before S-H and new items in [S-H, S)).");
            return [];
        }

        if (users.Count < judged.Count)
        {
            notes.Add($"factorize: hold-out metrics on a seeded sample of {users.Count} of {judged.Count} judged users (option evaluationUsers).");
        }

        var k = options.EvaluationK;
        var model = new MLContext(seed).Recommendation().Trainers.MatrixFactorization(options.ToTrainerOptions(seed), recordTrace: false)
            .Fit(new RatingDataView(train.ToMatrix("factorize hold-out training events"))).Model;
        var profile = CategoryProfile.Build(events, splitMs, options.Weights(), options.CategoryHalfLifeDays);

        // One pool per user, best first: its first K are the plain MF top-K, the whole pool is what the boost re-ranks.
        var pool = TopKScorer.Score(model.UserFactors, [.. users], model.ItemFactors, model.Items, model.Stride, Math.Max(k, options.CategoryPool), train.ByUser, options.Threads);
        var rows = new List<(string Name, RankingMetrics Metrics)> { ("mf", new(k, train.Items)) };
        if (profile is not null)
        {
            rows.Add(("mf_category", new(k, train.Items)));
            rows.Add(("category_popularity", new(k, train.Items)));
        }

        rows.Add(("popularity", new(k, train.Items)));
        rows.Add(("item_knn", new(k, train.Items)));
        var popularity = new PopularityRanker(train.Popularity);
        var categoryPopularity = profile is null ? null : new CategoryPopularityRanker(profile, train);
        var knn = new ItemKnnRanker(train.ByUser, train.Items, options.Threads).Top(users, k, options.Threads);
        var buffer = new int[k];
        var boosted = new double[k];
        for (var r = 0; r < users.Count; r++)
        {
            var columns = pool.Columns(r);
            Next("mf").Add(columns[..Math.Min(k, columns.Length)], relevant[r]);
            if (profile is not null && categoryPopularity is not null)
            {
                var m = CategoryBoostRanker.Top(columns, pool.Scores(r), users[r], profile, options.CategoryBoost, k, buffer, boosted);
                Next("mf_category").Add(buffer.AsSpan(0, m), relevant[r]);
                m = categoryPopularity.Top(train, users[r], k, buffer);
                Next("category_popularity").Add(buffer.AsSpan(0, m), relevant[r]);
            }

            var n = popularity.Top(train, users[r], k, buffer);
            Next("popularity").Add(buffer.AsSpan(0, n), relevant[r]);
            Next("item_knn").Add(knn[r], relevant[r]);
        }

        var metrics = new List<ModelMetric>
        {
            new(FactorizeStage.StageName, "holdout", "users", judged.Count),
            new(FactorizeStage.StageName, "holdout", "evaluated_users", users.Count),
        };
        foreach (var (name, m) in rows)
        {
            metrics.Add(new(FactorizeStage.StageName, name, $"recall@{k}", m.Recall));
            metrics.Add(new(FactorizeStage.StageName, name, $"ndcg@{k}", m.Ndcg));
            metrics.Add(new(FactorizeStage.StageName, name, $"hit_rate@{k}", m.HitRate));
            metrics.Add(new(FactorizeStage.StageName, name, "coverage", m.Coverage(catalogue)));
        }

        return metrics;

        RankingMetrics Next(string name) => rows.First(x => x.Name == name).Metrics;
    }
}
