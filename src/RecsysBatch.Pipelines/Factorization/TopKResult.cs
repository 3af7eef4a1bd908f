namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Per row the K best (column, score) pairs, best first (ties: smaller column), as the scorers set them.
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

    public ReadOnlySpan<int> Columns(int row) => _column.AsSpan(row * K, _count[row]);

    public ReadOnlySpan<float> Scores(int row) => _score.AsSpan(row * K, _count[row]);

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
}
