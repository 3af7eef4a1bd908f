namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// A register tile of <see cref="TopKScorer"/>: the scores of <see cref="Rows"/> rows of L against
/// <see cref="Groups"/> (or one) packed groups of <see cref="Width"/> columns of R, compared in registers with each
/// row's current K-th best so that a tile with no candidate writes nothing. Every score is the FMA chain over the
/// factors in order starting from zero, whatever the tile or width, so results do not depend on the tile.
/// </summary>
/// <remarks>
/// Layouts: packed holds the groups one after the other, stride vectors of Width lanes each (factor-major);
/// x holds the rows factor-major, x[c·Rows + q]; lanes receives score (t, q, lane) at (t·Rows + q)·Width + lane.
/// </remarks>
internal interface ITopKTile
{
    /// <summary>Columns per group (lanes of one vector).</summary>
    static abstract int Width { get; }

    static abstract int Rows { get; }

    static abstract int Groups { get; }

    /// <summary>
    /// Scores Rows × Groups groups. Returns 0 and writes nothing when no score is strictly above its row's
    /// threshold; otherwise writes every score of the tile to lanes and returns bit t·Rows + q set for each group t
    /// and row q with a score above row q's threshold.
    /// </summary>
    static abstract ulong Score(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes);

    /// <summary><see cref="Score"/> for one group (the tail of a column tile).</summary>
    static abstract ulong ScoreOne(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes);

    /// <summary>Bit <c>lane</c> set where scores[lane] &gt; threshold (Width scores).</summary>
    static abstract ulong Above(ReadOnlySpan<float> scores, float threshold);

    /// <summary>
    /// Writes the Width scores' lanes whose bit is set in <paramref name="mask"/>, in lane order, to the start of
    /// <paramref name="toScores"/> and their columns (<paramref name="firstColumn"/> + lane) to <paramref name="toColumns"/>;
    /// returns how many. Both targets hold at least Width cells, all of which may be written.
    /// </summary>
    static abstract int Compress(ReadOnlySpan<float> scores, ulong mask, int firstColumn, Span<float> toScores, Span<int> toColumns);
}
