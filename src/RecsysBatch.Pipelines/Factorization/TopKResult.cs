namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Per row a bounded min-heap of (column, score) while scoring, sorted best-first afterwards.
/// Rows are written by one thread each, so no locking is needed.
/// </summary>
internal sealed class TopKResult
{
    private readonly int[] _column;
    private readonly float[] _score;
    private readonly int[] _count;

    public TopKResult(int rows, int k)
    {
        K = k;
        _column = new int[rows * k];
        _score = new float[rows * k];
        _count = new int[rows];
    }

    public int K { get; }

    public int Rows => _count.Length;

    public int Count(int row) => _count[row];

    public bool IsFull(int row) => _count[row] == K;

    /// <summary>The K-th best score of a full row (the heap root).</summary>
    public float Threshold(int row) => _score[row * K];

    public ReadOnlySpan<int> Columns(int row) => _column.AsSpan(row * K, _count[row]);

    public ReadOnlySpan<float> Scores(int row) => _score.AsSpan(row * K, _count[row]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, int column, float score)
    {
        // Fast path: most candidates lose to the current K-th best once the heap is full.
        var b = row * K;
        if (_count[row] == K && !Worse(_column[b], _score[b], column, score))
        {
            return;
        }

        OfferSlow(row, column, score);
    }

    private void OfferSlow(int row, int column, float score)
    {
        var b = row * K;
        var n = _count[row];
        if (n < K)
        {
            // Sift up from the new leaf.
            var i = n;
            _count[row] = n + 1;
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (!Worse(column, score, _column[b + parent], _score[b + parent]))
                {
                    break;
                }

                _column[b + i] = _column[b + parent];
                _score[b + i] = _score[b + parent];
                i = parent;
            }

            _column[b + i] = column;
            _score[b + i] = score;
            return;
        }

        if (!Worse(_column[b], _score[b], column, score))
        {
            return;
        }

        SiftDown(b, K, 0, column, score);
    }

    /// <summary>Stores a row that is already best-first (at most K cells), e.g. the output of an external top-K.</summary>
    public void SetSorted(int row, ReadOnlySpan<long> columns, ReadOnlySpan<float> scores)
    {
        var b = row * K;
        for (var j = 0; j < columns.Length; j++)
        {
            _column[b + j] = (int)columns[j];
        }

        scores.CopyTo(_score.AsSpan(b, K));
        _count[row] = columns.Length;
    }

    /// <summary>Stores a row that is already best-first (at most K cells), e.g. the output of <see cref="TopKCandidates"/>.</summary>
    public void SetSorted(int row, ReadOnlySpan<int> columns, ReadOnlySpan<float> scores)
    {
        var b = row * K;
        columns.CopyTo(_column.AsSpan(b, K));
        scores.CopyTo(_score.AsSpan(b, K));
        _count[row] = columns.Length;
    }

    /// <summary>Turns the row's heap into a best-first list (heap sort in place).</summary>
    public void Sort(int row)
    {
        var b = row * K;
        for (var n = _count[row] - 1; n > 0; n--)
        {
            var column = _column[b + n];
            var score = _score[b + n];
            _column[b + n] = _column[b];
            _score[b + n] = _score[b];
            SiftDown(b, n, 0, column, score);
        }
    }

    /// <summary>a ranks below b: lower score, or the same score and a larger column index.</summary>
    private static bool Worse(int columnA, float scoreA, int columnB, float scoreB) =>
        scoreA < scoreB || (scoreA == scoreB && columnA > columnB);

    private void SiftDown(int b, int n, int i, int column, float score)
    {
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Worse(_column[b + child + 1], _score[b + child + 1], _column[b + child], _score[b + child]))
            {
                child++;
            }

            if (!Worse(_column[b + child], _score[b + child], column, score))
            {
                break;
            }

            _column[b + i] = _column[b + child];
            _score[b + i] = _score[b + child];
            i = child;
        }

        _column[b + i] = column;
        _score[b + i] = score;
    }
}
