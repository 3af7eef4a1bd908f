namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Per row of a <see cref="TopKScorer"/> row tile, an append-only buffer of (score, column) candidates above the row's
/// threshold. When a buffer is nearly full, the K best of it are selected (a quickselect, amortised O(1) per
/// candidate, where a heap would sift log K levels with unpredictable branches) and the threshold rises to the K-th
/// best; <see cref="Finish"/> selects and sorts the K best into a <see cref="TopKResult"/>. Candidates are ordered by
/// one 64-bit key, score descending then column ascending, so ties go to the smaller column as in the heap.
/// </summary>
internal sealed class TopKCandidates
{
    private readonly float[] _score;
    private readonly int[] _column;
    private readonly int[] _count;
    private readonly ulong[] _keys;
    private readonly int _width;

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
        _score = new float[rows * capacity];
        _column = new int[rows * capacity];
        _count = new int[rows];
        _keys = new ulong[capacity];
    }

    /// <summary>The default cells per row: room for 2K + one vector, so a selection keeps at most half the buffer.</summary>
    public static int DefaultCapacity(int k, int width) => (2 * k) + (2 * width);

    public int K { get; }

    public int Capacity { get; }

    /// <summary>Empties every row (a new row tile).</summary>
    public void Clear(int rows) => _count.AsSpan(0, rows).Clear();

    /// <summary>Free score cells of the row (at least the tile width).</summary>
    public Span<float> ScoreTail(int row) => _score.AsSpan((row * Capacity) + _count[row], Capacity - _count[row]);

    /// <summary>Free column cells of the row, aligned with <see cref="ScoreTail"/>.</summary>
    public Span<int> ColumnTail(int row) => _column.AsSpan((row * Capacity) + _count[row], Capacity - _count[row]);

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

        Select(row);
        return _score[(row * Capacity) + K - 1];
    }

    /// <summary>Writes the row's best min(K, count) cells, best first, to <paramref name="result"/>'s row.</summary>
    public void Finish(int row, TopKResult result, int resultRow)
    {
        var n = _count[row];
        var keys = _keys.AsSpan(0, n);
        var b = row * Capacity;
        for (var i = 0; i < n; i++)
        {
            keys[i] = Key(_score[b + i], _column[b + i]);
        }

        var kept = Math.Min(K, n);
        if (n > K)
        {
            Partition(keys, K - 1);
        }

        keys[..kept].Sort();
        Span<int> columns = kept <= 256 ? stackalloc int[kept] : new int[kept];
        Span<float> scores = kept <= 256 ? stackalloc float[kept] : new float[kept];
        for (var i = 0; i < kept; i++)
        {
            columns[i] = Column(keys[i]);
            scores[i] = Score(keys[i]);
        }

        result.SetSorted(resultRow, columns, scores);
    }

    /// <summary>Keeps the row's K best cells, the K-th best last.</summary>
    private void Select(int row)
    {
        var n = _count[row];
        var keys = _keys.AsSpan(0, n);
        var b = row * Capacity;
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
