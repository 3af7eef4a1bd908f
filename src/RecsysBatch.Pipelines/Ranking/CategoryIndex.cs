using System.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The contract's category encoding: 0 for padding or an unknown category, else 1 + (FNV-1a 32-bit hash of the
/// original id's UTF-8 bytes mod (buckets − 1)). Hashing the original id, not the run's dense key, keeps a category's
/// index the same across runs and data sets, so an imported model sees the encoding it was trained with.
/// </summary>
internal static class CategoryIndex
{
    public static long Of(string originalId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(originalId);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(originalId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return 1 + (hash % (uint)(buckets - 1));
    }

    /// <summary>The index of every dense category key of <paramref name="categories"/>.</summary>
    public static long[] ForKeys(IdMap categories, int buckets)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var result = new long[categories.Count];
        for (var key = 0; key < result.Length; key++)
        {
            result[key] = Of(categories[key], buckets);
        }

        return result;
    }

    /// <summary>The contract's event-type index: 0 is padding, 1 + the canonical type otherwise.</summary>
    public static long OfEventType(EventType type) => 1 + (long)type;
}
