using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Each user's last <see cref="Length"/> events before a cutoff, newest first, as the contract's category and
/// event-type indices and mask (padding: 0, 0, 0). Events at or after the cutoff are never read. Equal timestamps
/// keep input order (the later row counts as newer).
/// </summary>
internal sealed class BehaviorSequences
{
    private readonly long[] _categories;
    private readonly long[] _types;
    private readonly float[] _mask;

    private BehaviorSequences(int users, int length)
    {
        Length = length;
        _categories = new long[users * length];
        _types = new long[users * length];
        _mask = new float[users * length];
    }

    public int Length { get; }

    public static BehaviorSequences Build(EventTable events, long cutoffMs, int length, int categoryBuckets)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var result = new BehaviorSequences(events.Users.Count, length);
        var categoryIndex = CategoryIndex.ForKeys(events.Categories, categoryBuckets);
        var newest = Newest(events, cutoffMs, length);
        var categories = events.CategoryKey;
        var types = events.Type;
        for (var at = 0; at < newest.Length; at++)
        {
            var i = newest[at];
            if (i < 0)
            {
                continue;
            }

            var category = categories[i];
            result._categories[at] = category == EventTable.NoKey ? 0 : categoryIndex[category];
            result._types[at] = CategoryIndex.OfEventType(types[i]);
            result._mask[at] = 1f;
        }

        return result;
    }

    /// <summary>
    /// Per user, the row indices of its <paramref name="length"/> newest events before the cutoff, newest first (−1 pads),
    /// without sorting the events: rows are visited last to first and each is inserted into its user's short list, so
    /// for equal times the later row is newer; a log in time order makes each insert one comparison.
    /// </summary>
    private static int[] Newest(EventTable events, long cutoffMs, int length)
    {
        var newest = new int[events.Users.Count * length];
        Array.Fill(newest, -1);
        var filled = new int[events.Users.Count];
        var ts = events.TimestampMs;
        var users = events.UserKey;
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var time = ts[i];
            if (time >= cutoffMs)
            {
                continue;
            }

            var user = users[i];
            var start = user * length;
            var count = filled[user];
            // Row i is older than every kept row of an equal time (those rows come later), so only a strictly later
            // time moves it up.
            var position = count;
            while (position > 0 && time > ts[newest[start + position - 1]])
            {
                position--;
            }

            if (position == length)
            {
                continue;
            }

            var last = Math.Min(count, length - 1);
            for (var k = last; k > position; k--)
            {
                newest[start + k] = newest[start + k - 1];
            }

            newest[start + position] = i;
            filled[user] = Math.Min(count + 1, length);
        }

        return newest;
    }

    /// <summary>Copies the user's sequence into row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public void CopyTo(int user, RankerBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNotEqual(batch.SequenceLength, Length);
        _categories.AsSpan(user * Length, Length).CopyTo(batch.BehaviorCategories.AsSpan(row * Length, Length));
        _types.AsSpan(user * Length, Length).CopyTo(batch.BehaviorEventTypes.AsSpan(row * Length, Length));
        _mask.AsSpan(user * Length, Length).CopyTo(batch.BehaviorMask.AsSpan(row * Length, Length));
    }
}
