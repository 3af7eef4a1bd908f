namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Walker/Vose alias table over a set of values (item ids): O(1) weighted draws with one random number and one
/// 16-byte entry read. Item draws from large categories by binary search missed the cache at every step and
/// dominated the generator's time at benchmark scale (hundreds of thousands of items).
/// </summary>
internal sealed class AliasTable
{
    private readonly Entry[] _entries;

    public AliasTable(ReadOnlySpan<double> weights, ReadOnlySpan<int> values)
    {
        var n = weights.Length;
        _entries = new Entry[n];
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--)
        {
            scaled[i] = weights[i] * n / total;
            _entries[i] = new Entry(1, values[i], values[i]);
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _entries[s] = new Entry(scaled[s], values[s], values[l]);
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }

        // Whatever is left holds 1 up to rounding and keeps its own value (threshold 1 from the first loop).
    }

    public int Count => _entries.Length;

    public int Sample(SyntheticRandom random)
    {
        var u = random.NextDouble() * _entries.Length;
        var j = Math.Min((int)u, _entries.Length - 1);
        ref readonly var entry = ref _entries[j];
        return u - j < entry.Threshold ? entry.Value : entry.Alias;
    }

    private readonly record struct Entry(double Threshold, int Value, int Alias);
}
