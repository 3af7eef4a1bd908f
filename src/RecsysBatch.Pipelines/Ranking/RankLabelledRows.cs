using RecsysBatch.Core.Events;
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

    private RankLabelledRows(RankerBatch rows, float[] labels, float[] mfScore, float[] popularity, byte[] part)
    {
        Rows = rows;
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

    public int Positives => Labels.Count(l => l > 0);

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

    public static RankLabelledRows Build(
        RankerContract contract, EventTable events, long anchorMs, long labelEndMs, EventType labelEvent, FactorizeOptions factorize, RankOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(factorize);
        ArgumentNullException.ThrowIfNull(options);
        var cells = factorize.Cells(events, long.MinValue, anchorMs);
        var model = AlsTrainer.Train(cells.ToMatrix("rank: events before the training anchor"), factorize.ToTrainerOptions(seed));
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

        var labelled = positives.Keys.Order().ToArray();
        var top = TopKScorer.Score(model.UserFactors, labelled, model.ItemFactors, model.Items, model.Stride, options.CandidatePool, cells.ByUser, factorize.Threads);

        // Rows are the user's candidates only (as at scoring time): positives outside the MF top-K are left out.
        var pools = labelled.Select((user, r) => top.Columns(r).ToArray()).ToArray();
        var kept = Enumerable.Range(0, labelled.Length).Where(r => pools[r].Any(positives[labelled[r]].Contains)).ToArray();
        var users = kept.Select(r => labelled[r]).ToArray();
        var random = new Random(seed);
        var part = Split(users.Length, options, random);
        var pairs = new List<(int User, int Item, float Label, byte Part)>();
        for (var r = 0; r < users.Length; r++)
        {
            var user = users[r];
            var pool = pools[kept[r]];
            foreach (var item in pool.Where(positives[user].Contains))
            {
                pairs.Add((user, item, 1f, part[r]));
            }

            var negatives = pool.Where(i => !positives[user].Contains(i)).ToArray();
            random.Shuffle(negatives);
            foreach (var item in negatives.Take(options.NegativesPerUser))
            {
                pairs.Add((user, item, 0f, part[r]));
            }
        }

        var filler = new RankRowFiller(contract, events, anchorMs, model);
        var rows = new RankerBatch(contract, Math.Max(1, pairs.Count)) { Count = pairs.Count };
        var mf = new float[pairs.Count];
        var popularity = new float[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            var (user, item, _, _) = pairs[p];
            filler.Fill(rows, p, user, item);
            mf[p] = model.Score(user, item);
            popularity[p] = (float)cells.Popularity[item];
        }

        return new RankLabelledRows(rows, [.. pairs.Select(p => p.Label)], mf, popularity, [.. pairs.Select(p => p.Part)]);
    }

    /// <summary>Rows of one part, as a batch with its labels.</summary>
    public (RankerBatch Rows, float[] Labels, int[] Index) Select(RankerContract contract, byte which)
    {
        var index = Enumerable.Range(0, Labels.Length).Where(r => Part[r] == which).ToArray();
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
