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
        var ts = events.TimestampMs;
        var order = new List<int>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            if (ts[i] < cutoffMs)
            {
                order.Add(i);
            }
        }

        // Newest first; for equal times the later row first.
        var times = events.TimestampMs.ToArray();
        order.Sort((x, y) => times[x] != times[y] ? times[y].CompareTo(times[x]) : y.CompareTo(x));
        var filled = new int[events.Users.Count];
        var users = events.UserKey;
        var categories = events.CategoryKey;
        var types = events.Type;
        foreach (var i in order)
        {
            var user = users[i];
            if (filled[user] == length)
            {
                continue;
            }

            var at = (user * length) + filled[user]++;
            var category = categories[i];
            result._categories[at] = category == EventTable.NoKey ? 0 : categoryIndex[category];
            result._types[at] = CategoryIndex.OfEventType(types[i]);
            result._mask[at] = 1f;
        }

        return result;
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
