namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// <see cref="TopKScorer"/> over many rows in about <see cref="Chunks"/> consecutive slices (at least
/// <see cref="MinChunk"/> rows each), so a long scoring pass can report progress between slices. Each row's top-K is
/// independent of the others, so the result equals one call over all rows.
/// </summary>
internal sealed class ChunkedTopK
{
    public const int Chunks = 25;

    public const int MinChunk = 512;

    private readonly TopKResult[] _parts;
    private readonly int _chunk;

    /// <param name="rows">Rows to score, in result order.</param>
    /// <param name="score">Scores a slice of the rows (one <see cref="TopKScorer.Score"/> call).</param>
    /// <param name="progress">Called with (rows done, rows in all) after each slice.</param>
    public ChunkedTopK(int[] rows, Func<int[], TopKResult> score, Action<long, long>? progress)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(score);
        _chunk = Math.Max(MinChunk, (rows.Length + Chunks - 1) / Chunks);
        _parts = new TopKResult[Math.Max(1, (rows.Length + _chunk - 1) / _chunk)];
        for (var p = 0; p < _parts.Length; p++)
        {
            var from = p * _chunk;
            _parts[p] = score(rows[from..Math.Min(rows.Length, from + _chunk)]);
            progress?.Invoke(Math.Min(rows.Length, from + _chunk), rows.Length);
        }
    }

    public ReadOnlySpan<int> Columns(int row) => _parts[row / _chunk].Columns(row % _chunk);

    public ReadOnlySpan<float> Scores(int row) => _parts[row / _chunk].Scores(row % _chunk);
}
