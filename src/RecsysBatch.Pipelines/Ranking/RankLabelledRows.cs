using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Evaluation;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Labelled (user, item) rows at an anchor A: inputs from the events before A (factors of an ALS model trained on
/// them), label 1 when the user did the label event on the item in [A, labelEnd), 0 for items sampled (seeded) among the
/// others; both from the user's MF top-K candidates at A (unseen items, as at scoring time). Only users with a
/// positive and enough history for MF candidates get rows. Users go to train, validation or test as a whole.
/// </summary>
internal sealed class RankLabelledRows
{
    public const int Train = 0;
    public const int Validation = 1;
    public const int Test = 2;

    private RankLabelledRows(RankerBatch rows, float[] labels, float[] mfScore, float[] popularity, byte[] part, int[] user, int[] anchor, float[] weight)
    {
        Weight = weight;
        Rows = rows;
        Anchor = anchor;
        User = user;
        Labels = labels;
        MfScore = mfScore;
        Popularity = popularity;
        Part = part;
    }

    public RankerBatch Rows { get; }

    public float[] Labels { get; }

    /// <summary>The anchor model's score of the row (the MF baseline).</summary>
    public float[] MfScore { get; }

    /// <summary>The item's summed event weight before A (the popularity baseline).</summary>
    public float[] Popularity { get; }

    /// <summary><see cref="Train"/>, <see cref="Validation"/> or <see cref="Test"/> per row.</summary>
    public byte[] Part { get; }

    /// <summary>User key of each row (a user's rows at one anchor are one list for NDCG).</summary>
    public int[] User { get; }

    /// <summary>
    /// Inverse sampling rate of each row: 1 for a positive; for a sampled negative, the user's non-positive candidates
    /// over the negatives drawn from them, so that weighted rows stand for all of the user's candidates (calibration).
    /// </summary>
    public float[] Weight { get; }

    /// <summary>Anchor index k of each row (anchor S − H − k·H; 0 is the latest).</summary>
    public int[] Anchor { get; }

    /// <summary>Users with a positive whose rows were built, summed over the anchors (fewer than available when sampled).</summary>
    public int LabelledUsers { get; private set; }

    /// <summary>Users with a positive at the anchors before the <see cref="RankOptions.MaxLabelledRows"/> sample, summed over the anchors.</summary>
    public int LabelledUsersAvailable { get; private set; }

    /// <summary>Positive rows for training and the latest-anchor evaluation (the older anchors' test rows not counted).</summary>
    public int Positives => Enumerable.Range(0, Labels.Length).Count(r => Labels[r] > 0 && (Part[r] != Test || Anchor[r] == 0));

    public static int CountPositives(EventTable events, long anchorMs, long labelEndMs, EventType labelEvent)
    {
        ArgumentNullException.ThrowIfNull(events);
        var pairs = new HashSet<long>();
        for (var e = 0; e < events.Count; e++)
        {
            var ts = events.TimestampMs[e];
            if (ts >= anchorMs && ts < labelEndMs && events.Type[e] == labelEvent && events.ItemKey[e] != EventTable.NoKey)
            {
                pairs.Add(((long)events.UserKey[e] << 32) | (uint)events.ItemKey[e]);
            }
        }

        return pairs.Count;
    }

    /// <summary>
    /// Rows at the anchors A_k = <paramref name="anchorMs"/> − k·(labelEnd − anchor), k = 0 … anchors − 1 (label window
    /// [A_k, A_k + H)); each anchor with its own ALS model. Users are split once and keep their part at every anchor:
    /// the held-out evaluation is at the latest anchor (test rows with <see cref="Anchor"/> 0); the test users' rows at
    /// the older anchors are a larger held-out set for a less noisy second figure. Their negatives are drawn from a
    /// random stream of their own, so the training rows do not depend on them.
    /// </summary>
    public static RankLabelledRows Build(
        RankerContract contract, EventTable events, long anchorMs, long labelEndMs, EventType labelEvent, FactorizeOptions factorize, RankOptions options, int seed,
        Action<int, int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(factorize);
        ArgumentNullException.ThrowIfNull(options);
        var part = Split(events.Users.Count, options, new Random(seed));
        var window = labelEndMs - anchorMs;
        var rows = new List<RankLabelledRows>();
        for (var k = 0; k < options.Anchors; k++)
        {
            var anchor = anchorMs - (k * window);
            if (k > 0 && CountPositives(events, anchor, anchor + window, labelEvent) < options.MinPositives)
            {
                break;
            }

            var cells = factorize.Cells(events, long.MinValue, anchor);
            if (k > 0 && !cells.CanFactorize)
            {
                // The history does not reach back to this anchor (or too thinly to factorize): train on the anchors it does reach.
                break;
            }

            rows.Add(BuildAt(contract, events, cells, anchor, anchor + window, labelEvent, factorize, options, seed, k, part, progress));
        }

        var result = Concat(contract, rows);
        result.LabelledUsers = rows.Sum(r => r.LabelledUsers);
        result.LabelledUsersAvailable = rows.Sum(r => r.LabelledUsersAvailable);
        return result;
    }

    private static RankLabelledRows BuildAt(
        RankerContract contract, EventTable events, Interactions cells, long anchorMs, long labelEndMs, EventType labelEvent, FactorizeOptions factorize, RankOptions options,
        int baseSeed, int anchorIndex, byte[] part, Action<int, int, int>? progress)
    {
        var seed = baseSeed + anchorIndex;
        var model = new MLContext(seed).Recommendation().Trainers.MatrixFactorization(factorize.ToTrainerOptions(seed), recordTrace: false)
            .Fit(new RatingDataView(cells.ToMatrix("rank: events before the training anchor"))).Model;
        var positives = new Dictionary<int, SortedSet<int>>();
        for (var e = 0; e < events.Count; e++)
        {
            var ts = events.TimestampMs[e];
            var user = events.UserKey[e];
            var item = events.ItemKey[e];
            if (ts < anchorMs || ts >= labelEndMs || events.Type[e] != labelEvent || item == EventTable.NoKey
                || cells.ItemCount(user) < factorize.MinUserItems || cells.Seen(user, item))
            {
                continue;
            }

            if (!positives.TryGetValue(user, out var set))
            {
                positives[user] = set = [];
            }

            set.Add(item);
        }

        var available = positives.Count;
        var labelled = Sample(positives.Keys, UsersPerAnchor(options), baseSeed);
        var top = TopKScorer.Score(model.UserFactors, labelled, model.ItemFactors, model.Items, model.Stride, options.CandidatePool, cells.ByUser, factorize.Threads);

        // Rows are the user's candidates only (as at scoring time): positives outside the MF top-K are left out.
        var random = new Random(seed);
        var olderTestRandom = new Random(seed ^ 0x7E57);
        var pairs = new List<(int User, int Item, float Label, byte Part)>();
        var weights = new List<float>();
        for (var r = 0; r < labelled.Length; r++)
        {
            var user = labelled[r];
            var pool = top.Columns(r).ToArray();
            if (!pool.Any(positives[user].Contains))
            {
                continue;
            }

            foreach (var item in pool.Where(positives[user].Contains))
            {
                pairs.Add((user, item, 1f, part[user]));
                weights.Add(1f);
            }

            var negatives = pool.Where(i => !positives[user].Contains(i)).ToArray();
            (anchorIndex > 0 && part[user] == Test ? olderTestRandom : random).Shuffle(negatives);
            var drawn = Math.Min(negatives.Length, options.NegativesPerUser);
            foreach (var item in negatives.Take(drawn))
            {
                pairs.Add((user, item, 0f, part[user]));
                weights.Add((float)negatives.Length / drawn);
            }
        }

        var filler = new RankRowFiller(contract, events, anchorMs, model);
        var rows = new RankerBatch(contract, Math.Max(1, pairs.Count)) { Count = pairs.Count };
        var mf = new float[pairs.Count];
        var popularity = new float[pairs.Count];
        var step = Math.Max(1, pairs.Count / 20);
        for (var p = 0; p < pairs.Count; p++)
        {
            if (p % step == 0)
            {
                progress?.Invoke(anchorIndex, p, pairs.Count);
            }

            var (user, item, _, _) = pairs[p];
            filler.Fill(rows, p, user, item);
            mf[p] = model.Score(user, item);
            popularity[p] = (float)cells.Popularity[item];
        }

        progress?.Invoke(anchorIndex, pairs.Count, pairs.Count);

        return new RankLabelledRows(rows, [.. pairs.Select(p => p.Label)], mf, popularity, [.. pairs.Select(p => p.Part)], [.. pairs.Select(p => p.User)],
            Enumerable.Repeat(anchorIndex, pairs.Count).ToArray(), [.. weights])
        {
            LabelledUsers = labelled.Length,
            LabelledUsersAvailable = available,
        };
    }

    /// <summary>Users with a positive kept per anchor: <see cref="RankOptions.MaxLabelledRows"/> over the anchors' rows per user (1 + negativesPerUser).</summary>
    public static int UsersPerAnchor(RankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Max(1, options.MaxLabelledRows / (options.Anchors * (1 + options.NegativesPerUser)));
    }

    /// <summary>
    /// The users in ascending key order; beyond <paramref name="cap"/>, the cap users of the smallest seeded hash (the same
    /// users win at every anchor where they have a positive, and the choice does not depend on the labels).
    /// </summary>
    private static int[] Sample(IEnumerable<int> users, int cap, int seed)
    {
        var all = users.Order().ToArray();
        return all.Length <= cap ? all : [.. all.OrderBy(u => UserHash.Of(u, seed)).ThenBy(u => u).Take(cap).Order()];
    }

    private static RankLabelledRows Concat(RankerContract contract, List<RankLabelledRows> parts)
    {
        var count = parts.Sum(p => p.Labels.Length);
        var rows = new RankerBatch(contract, Math.Max(1, count)) { Count = count };
        var to = 0;
        foreach (var p in parts)
        {
            for (var r = 0; r < p.Labels.Length; r++)
            {
                rows.CopyRow(p.Rows, r, to++);
            }
        }

        return new RankLabelledRows(rows, [.. parts.SelectMany(p => p.Labels)], [.. parts.SelectMany(p => p.MfScore)],
            [.. parts.SelectMany(p => p.Popularity)], [.. parts.SelectMany(p => p.Part)], [.. parts.SelectMany(p => p.User)], [.. parts.SelectMany(p => p.Anchor)],
            [.. parts.SelectMany(p => p.Weight)]);
    }

    /// <summary>Rows of one part (of the latest anchor only when <paramref name="latestOnly"/>), as a batch with its labels.</summary>
    public (RankerBatch Rows, float[] Labels, int[] Index) Select(RankerContract contract, byte which, bool latestOnly = false)
    {
        var index = Enumerable.Range(0, Labels.Length).Where(r => Part[r] == which && (!latestOnly || Anchor[r] == 0)).ToArray();
        var batch = new RankerBatch(contract, Math.Max(1, index.Length)) { Count = index.Length };
        for (var r = 0; r < index.Length; r++)
        {
            batch.CopyRow(Rows, index[r], r);
        }

        return (batch, [.. index.Select(r => Labels[r])], index);
    }

    private static byte[] Split(int users, RankOptions options, Random random)
    {
        var order = Enumerable.Range(0, users).ToArray();
        random.Shuffle(order);
        var test = (int)Math.Round(users * options.TestShare);
        var validation = (int)Math.Round(users * options.ValidationShare);
        var part = new byte[users];
        for (var k = 0; k < users; k++)
        {
            part[order[k]] = k < test ? (byte)Test : k < test + validation ? (byte)Validation : (byte)Train;
        }

        return part;
    }
}
