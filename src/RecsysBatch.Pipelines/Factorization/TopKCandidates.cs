using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Per row of a <see cref="TopKScorer"/> row tile, an append-only buffer of (score, column) candidates above the row's
/// threshold. When a buffer is nearly full, the K best of it are selected and the threshold rises to the K-th best
/// (amortised O(1) per candidate, where a heap would sift log K levels with unpredictable branches): the K-th best
/// score is bisected on its bits, each probe a vectorised count of the scores at or above it (a 232-cell buffer at
/// K 100 is 15 vectors of 16), stopping at the first probe that exactly K scores reach, and the K are kept by a stable
/// compress, so a row's cells stay in ascending column order. Only where ties at the K-th best leave no probe at exactly K does a quickselect on
/// 64-bit keys (score descending, then column ascending: ties go to the smaller column) decide; the scalar quickselect
/// it replaced was over half of the top-K time at K 100. <see cref="Finish"/> selects the same way and sorts the K
/// into a <see cref="TopKResult"/> by a stable radix sort on the score (the cells being in column order, ties stay
/// in column order).
/// </summary>
internal sealed class TopKCandidates
{
    /// <summary>Cells the vectorised passes read at once (row buffers are padded to a multiple).</summary>
    private const int Lanes = 16;

    private readonly float[] _score;
    private readonly int[] _column;
    private readonly int[] _count;
    private readonly ulong[] _keys;
    private readonly int _width;
    private readonly int _rowStride;
    private readonly float[] _floor;
    private readonly uint[] _sortKey;
    private readonly int[] _sortAt;
    private readonly int[] _sortCounts = new int[4 * 256];

    /// <param name="rows">Rows of the tile.</param>
    /// <param name="k">Best cells kept per row.</param>
    /// <param name="capacity">Cells per row; a selection runs once fewer than <paramref name="width"/> are free.</param>
    /// <param name="width">Most cells one append writes (the tile's lanes).</param>
    public TopKCandidates(int rows, int k, int capacity, int width)
    {
        if (capacity <= k + width)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"a buffer of {capacity} cells cannot hold k {k} plus one append of {width}.");
        }

        K = k;
        Capacity = capacity;
        _width = width;
        _rowStride = (capacity + Lanes - 1) / Lanes * Lanes;
        _score = new float[rows * _rowStride];
        _column = new int[rows * _rowStride];
        _floor = new float[rows];
        _sortKey = new uint[2 * capacity];
        _sortAt = new int[2 * capacity];
        _count = new int[rows];
        _keys = new ulong[capacity];
    }

    /// <summary>The default cells per row: room for 2K + one vector, so a selection keeps at most half the buffer.</summary>
    public static int DefaultCapacity(int k, int width) => (2 * k) + (2 * width);

    public int K { get; }

    public int Capacity { get; }

    /// <summary>Empties every row (a new row tile).</summary>
    public void Clear(int rows)
    {
        _count.AsSpan(0, rows).Clear();
        _floor.AsSpan(0, rows).Fill(float.NegativeInfinity);
    }

    /// <summary>Free score cells of the row (at least the tile width).</summary>
    public Span<float> ScoreTail(int row) => _score.AsSpan((row * _rowStride) + _count[row], Capacity - _count[row]);

    /// <summary>Free column cells of the row, aligned with <see cref="ScoreTail"/>.</summary>
    public Span<int> ColumnTail(int row) => _column.AsSpan((row * _rowStride) + _count[row], Capacity - _count[row]);

    /// <summary>
    /// Counts <paramref name="added"/> cells just written at the tails; returns the row's new threshold when a
    /// selection ran (the K-th best score), else null.
    /// </summary>
    public float? Added(int row, int added)
    {
        var n = _count[row] + added;
        _count[row] = n;
        if (n <= Capacity - _width || n <= K)
        {
            return null;
        }

        return Select(row);
    }

    /// <summary>Writes the row's best min(K, count) cells, best first, to <paramref name="result"/>'s row.</summary>
    public void Finish(int row, TopKResult result, int resultRow)
    {
        if (_count[row] > K)
        {
            Select(row);
        }

        // The row's cells are in ascending column order, so a stable sort on the score alone puts ties in column order:
        // a least-significant-digit radix sort on the order-preserving score bits, skipping bytes all cells share.
        var kept = _count[row];
        var b = row * _rowStride;
        var key = _sortKey.AsSpan(0, kept);
        var at = _sortAt.AsSpan(0, kept);
        var key2 = _sortKey.AsSpan(kept, kept);
        var at2 = _sortAt.AsSpan(kept, kept);
        var counts = _sortCounts.AsSpan();
        counts.Clear();
        for (var i = 0; i < kept; i++)
        {
            var k = ~Ordered(_score[b + i] + 0f); // -0 read as +0; ascending keys are best first
            key[i] = k;
            at[i] = i;
            counts[(int)(k & 0xFF)]++;
            counts[256 + (int)((k >> 8) & 0xFF)]++;
            counts[512 + (int)((k >> 16) & 0xFF)]++;
            counts[768 + (int)(k >> 24)]++;
        }

        for (var pass = 0; pass < 4 && kept > 1; pass++)
        {
            var shift = 8 * pass;
            var count = counts.Slice(256 * pass, 256);
            if (count[(int)((key[0] >> shift) & 0xFF)] == kept)
            {
                continue;
            }

            var sum = 0;
            for (var d = 0; d < 256; d++)
            {
                (count[d], sum) = (sum, sum + count[d]);
            }

            for (var i = 0; i < kept; i++)
            {
                var d = (int)((key[i] >> shift) & 0xFF);
                var to = count[d]++;
                key2[to] = key[i];
                at2[to] = at[i];
            }

            var swapKey = key;
            key = key2;
            key2 = swapKey;
            var swapAt = at;
            at = at2;
            at2 = swapAt;
        }

        Span<int> columns = kept <= 256 ? stackalloc int[kept] : new int[kept];
        Span<float> scores = kept <= 256 ? stackalloc float[kept] : new float[kept];
        for (var i = 0; i < kept; i++)
        {
            columns[i] = _column[b + at[i]];
            scores[i] = _score[b + at[i]] + 0f;
        }

        result.SetSorted(resultRow, columns, scores);
    }

    /// <summary>
    /// Keeps the row's K best cells and returns the K-th best score. The K-th best score t is found by bisecting the
    /// order-preserving bits of the scores, each step a vectorised count of the scores at or above a probe (stopping as
    /// soon as exactly K are), and the K are kept by a stable compress of the scores at or above t. Where ties at t make
    /// no probe count exactly K, the 64-bit keys decide (<see cref="SelectByKeys"/>).
    /// </summary>
    private float Select(int row)
    {
        var n = _count[row];
        var b = row * _rowStride;
        var padded = (n + Lanes - 1) / Lanes * Lanes;
        _score.AsSpan(b + n, padded - n).Fill(float.NegativeInfinity); // never counted: every candidate is above -inf
        var scores = _score.AsSpan(b, padded);
        var lo = Ordered(float.IsNegativeInfinity(_floor[row]) ? -float.MaxValue : _floor[row]); // every cell is at or above
        var hi = Ordered(Max(scores));
        var exact = false;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            var c = CountAtLeast(scores, FromOrdered(mid));
            if (c >= K)
            {
                lo = mid;
                if (c == K)
                {
                    exact = true;
                    break;
                }
            }
            else
            {
                hi = mid - 1;
            }
        }

        var t = FromOrdered(lo);
        if (!exact && CountAtLeast(scores, t) != K)
        {
            return SelectByKeys(row);
        }

        var kept = KeepAtLeast(_score.AsSpan(b, padded), _column.AsSpan(b, padded), n, t);
        _count[row] = K;
        _floor[row] = kept;
        return kept;
    }

    /// <summary>Keeps the row's K best cells by key (score, then the smaller column), in ascending column order; returns the K-th best score.</summary>
    private float SelectByKeys(int row)
    {
        var n = _count[row];
        var keys = _keys.AsSpan(0, n);
        var b = row * _rowStride;
        for (var i = 0; i < n; i++)
        {
            keys[i] = Key(_score[b + i], _column[b + i]);
        }

        Partition(keys, K - 1);
        for (var i = 0; i < K; i++)
        {
            _score[b + i] = Score(keys[i]);
            _column[b + i] = Column(keys[i]);
        }

        _count[row] = K;
        _floor[row] = _score[b + K - 1];
        _column.AsSpan(b, K).Sort(_score.AsSpan(b, K)); // back to ascending column order
        return _floor[row];
    }

    /// <summary>The largest of the scores (a multiple of <see cref="Lanes"/> cells).</summary>
    private static float Max(ReadOnlySpan<float> scores)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(float.NegativeInfinity);
            for (var i = 0; i < scores.Length; i += 16)
            {
                m = Vector512.Max(m, Vector512.Create(scores.Slice(i, 16)));
            }

            var h = Vector256.Max(m.GetLower(), m.GetUpper());
            var q = Vector128.Max(h.GetLower(), h.GetUpper());
            return MathF.Max(MathF.Max(q[0], q[1]), MathF.Max(q[2], q[3]));
        }

        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        return max;
    }

    /// <summary>How many scores are at or above t (a multiple of <see cref="Lanes"/> cells).</summary>
    private static int CountAtLeast(ReadOnlySpan<float> scores, float t)
    {
        var count = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.Create(t);
            for (var i = 0; i < scores.Length; i += 16)
            {
                count += BitOperations.PopCount(Vector512.GreaterThanOrEqual(Vector512.Create(scores.Slice(i, 16)), v).ExtractMostSignificantBits());
            }

            return count;
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var v = Vector128.Create(t);
            for (var i = 0; i < scores.Length; i += 4)
            {
                count += BitOperations.PopCount(Vector128.GreaterThanOrEqual(Vector128.Create(scores.Slice(i, 4)), v).ExtractMostSignificantBits());
            }

            return count;
        }

        foreach (var s in scores)
        {
            count += s >= t ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Moves the cells whose score is at or above t to the front in their order; returns the smallest score kept. Cells
    /// past the kept ones (up to the padded length) may be overwritten.
    /// </summary>
    private static float KeepAtLeast(Span<float> scores, Span<int> columns, int n, float t)
    {
        var min = float.PositiveInfinity;
        var w = 0;
        if (Avx512F.IsSupported)
        {
            var v = Vector512.Create(t);
            var low = Vector512.Create(float.PositiveInfinity);
            for (var i = 0; i < scores.Length; i += 16)
            {
                var s = Vector512.Create(scores.Slice(i, 16));
                var c = Vector512.Create(columns.Slice(i, 16));
                var keep = Vector512.GreaterThanOrEqual(s, v);
                low = Vector512.Min(low, Vector512.ConditionalSelect(keep, s, Vector512.Create(float.PositiveInfinity)));
                Avx512F.Compress(Vector512<float>.Zero, keep, s).CopyTo(scores[w..]);
                Avx512F.Compress(Vector512<int>.Zero, keep.AsInt32(), c).CopyTo(columns[w..]);
                w += BitOperations.PopCount(keep.ExtractMostSignificantBits());
            }

            var h = Vector256.Min(low.GetLower(), low.GetUpper());
            var q = Vector128.Min(h.GetLower(), h.GetUpper());
            return MathF.Min(MathF.Min(q[0], q[1]), MathF.Min(q[2], q[3]));
        }

        for (var i = 0; i < n; i++)
        {
            var s = scores[i];
            scores[w] = s;
            columns[w] = columns[i];
            var keep = s >= t;
            min = keep ? MathF.Min(min, s) : min;
            w += keep ? 1 : 0;
        }

        return min;
    }

    /// <summary>The float's bits mapped so that unsigned order is numeric order (-0 just below +0).</summary>
    private static uint Ordered(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return (uint)(bits ^ ((bits >> 31) & 0x7FFFFFFF)) ^ 0x80000000u;
    }

    private static float FromOrdered(uint ordered)
    {
        var bits = (int)(ordered ^ 0x80000000u);
        return BitConverter.Int32BitsToSingle(bits ^ ((bits >> 31) & 0x7FFFFFFF));
    }

    /// <summary>
    /// The score's order-preserving bits (flipped, so better sorts first) above the column: ascending keys are best
    /// first. -0 is read as +0, so equal scores tie on the column alone.
    /// </summary>
    private static ulong Key(float score, int column)
    {
        var bits = BitConverter.SingleToInt32Bits(score + 0f);
        var ordered = (uint)(bits ^ ((bits >> 31) & 0x7FFFFFFF)) ^ 0x80000000u;
        return ((ulong)~ordered << 32) | (uint)column;
    }

    private static int Column(ulong key) => (int)(uint)key;

    private static float Score(ulong key)
    {
        var ordered = ~(uint)(key >> 32) ^ 0x80000000u;
        var bits = (int)ordered;
        return BitConverter.Int32BitsToSingle(bits ^ ((bits >> 31) & 0x7FFFFFFF));
    }

    /// <summary>Quickselect: keys[nth] becomes the key of that rank, with no larger key before it and no smaller after.</summary>
    private static void Partition(Span<ulong> keys, int nth)
    {
        var lo = 0;
        var hi = keys.Length - 1;
        while (hi > lo)
        {
            var mid = lo + ((hi - lo) / 2);
            var pivot = Median(keys[lo], keys[mid], keys[hi]);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            if (nth <= j)
            {
                hi = j;
            }
            else if (nth >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    private static ulong Median(ulong a, ulong b, ulong c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));
}
