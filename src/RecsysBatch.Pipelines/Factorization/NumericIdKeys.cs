using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Keys of ids in order of first appearance, as <see cref="Utf8KeyMap"/> gives them, with the keys of ids written as
/// plain numbers below <see cref="MaxCached"/> (digits, no leading zero) also kept in an array indexed by the number:
/// most rating files have such ids, and the array is smaller than the map's slots and needs no hash. Such an id's
/// text is the only one of its number, so a cached key is the map's key of the same bytes. Every id still goes into
/// the map once, so <see cref="Count"/> and the keys are the map's.
/// </summary>
internal sealed class NumericIdKeys(int capacity)
{
    /// <summary>The largest array is 4 MB.</summary>
    internal const int MaxCached = 1 << 20;

    private readonly Utf8KeyMap _map = new(capacity);
    private int[] _cached = new int[Math.Clamp(capacity, 16, MaxCached)];

    public int Count => _map.Count;

    /// <summary>The key of <paramref name="id"/>, added as the next key when new (<paramref name="added"/> true).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> id, out bool added)
    {
        var number = PlainNumber(id);
        if (number < 0)
        {
            return _map.GetOrAdd(id, out added);
        }

        if (number >= _cached.Length)
        {
            Array.Resize(ref _cached, (int)Math.Min(MaxCached, Math.Max((long)_cached.Length * 2, number + 1L)));
        }

        var cached = _cached[number];
        if (cached != 0)
        {
            added = false;
            return cached - 1;
        }

        var key = _map.GetOrAdd(id, out added);
        _cached[number] = key + 1;
        return key;
    }

    /// <summary>The number an id of 1 to 7 digits without a leading zero ("0" itself is one) writes, below <see cref="MaxCached"/>; else -1.</summary>
    private static int PlainNumber(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty || id.Length > 7 || (id[0] == (byte)'0' && id.Length > 1))
        {
            return -1;
        }

        var number = 0;
        foreach (var b in id)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return -1;
            }

            number = (number * 10) + (int)digit;
        }

        return number < MaxCached ? number : -1;
    }
}
