using System.Numerics;
using System.Runtime.Intrinsics;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Top-K of every requested row of L against all rows of R by dot product: a blocked product feeding one candidate
/// buffer per row (<see cref="TopKCandidates"/>, selected down to the K best whenever it fills, then sorted into a <see
/// cref="TopKResult"/>), so no users × items score matrix is ever materialised. R is packed once into groups of W
/// columns stored factor-major, so one FMA yields W scores with no horizontal sum; a register tile (<see
/// cref="ITopKTile"/>: 6 rows × 4 groups of 16 where Vector512 is accelerated, else 4 rows × 3 groups of
/// Vector&lt;float&gt;) shares loads and compares its scores in registers with each row's current K-th best, so a tile
/// without a candidate writes nothing (at K 100 over 50,000 columns about half the tiles still hold one: the running
/// K-th best of random scores improves about K·(1 + ln(columns / K)) times per row). Column tiles keep the packed
/// slice (about 256 KB) in L2 across 8 register tiles of rows. Only the lanes above a row's threshold (its K-th best
/// at the last selection) reach its buffer, in ascending column order, written by a compress (AVX-512) rather than
/// lane by lane. Excluded cells (sorted columns per row) are skipped by a cursor that advances as columns ascend,
/// looked at only where an excluded column falls in a group holding a candidate. Ties go to the smaller column index.
/// </summary>
/// <remarks>
/// Where the time goes (20,000 rows × 50,000 columns, rank 32, one thread, CPU seconds on the shared 2-core AMD EPYC):
/// the register tiles alone (no score above any threshold) take 0.26, over 90 % of a bare FMA loop's rate, so the
/// FMAs are not the limit; the whole scorer takes 0.30 at K 1, 0.33 at K 10 and 0.42 at K 100 (0.76 at K 100 with
/// the scalar quickselect on keys that the bisecting selection of <see cref="TopKCandidates"/> replaced). At K 100
/// the rest is mostly appending candidates (<see cref="Take{TTile}"/>, about 15 %), storing the tiles that hold one,
/// and selecting and sorting (under 10 %).
/// </remarks>
internal static class TopKScorer
{
    /// <summary>Bytes of packed R one column tile holds.</summary>
    private const int ColumnTileBytes = 256 * 1024;

    /// <summary>Register tiles of rows per row tile.</summary>
    private const int RowTiles = 8;

    /// <summary>Scores with the widest tile the machine accelerates (the results do not depend on it).</summary>
    public static TopKResult Score(float[] left, int[] rows, float[] right, int columns, int stride, int k, SparseRows? exclude, int threads) =>
        Vector512.IsHardwareAccelerated
            ? Score<TopKKernel512>(left, rows, right, columns, stride, k, exclude, threads)
            : Score<TopKKernel>(left, rows, right, columns, stride, k, exclude, threads);

    /// <summary>Scores with the tile <typeparamref name="TTile"/> (tests compare the tiles through it).</summary>
    public static TopKResult Score<TTile>(float[] left, int[] rows, float[] right, int columns, int stride, int k, SparseRows? exclude, int threads)
        where TTile : struct, ITopKTile =>
        Score<TTile>(left, rows, right, columns, stride, k, exclude, threads, TopKCandidates.DefaultCapacity(k, TTile.Width));

    /// <summary>
    /// <see cref="Score{TTile}(float[], int[], float[], int, int, int, SparseRows?, int)"/> with
    /// <paramref name="capacity"/> candidate cells per row (tests force frequent selections with a small one).
    /// </summary>
    internal static TopKResult Score<TTile>(float[] left, int[] rows, float[] right, int columns, int stride, int k, SparseRows? exclude, int threads, int capacity)
        where TTile : struct, ITopKTile
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(right);
        var w = TTile.Width;
        var groups = (columns + w - 1) / w;
        var packed = Pack(right, columns, stride, groups, w);
        var groupTile = Math.Max(1, ColumnTileBytes / (stride * w * sizeof(float) * TTile.Groups)) * TTile.Groups;
        var rowTile = RowTiles * TTile.Rows;
        var result = new TopKResult(rows.Length, k);
        if (k <= 0)
        {
            return result;
        }

        var tiles = (rows.Length + rowTile - 1) / rowTile;
        Parallel.For(0, tiles, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new TopKCandidates(rowTile, k, capacity, w), (tile, _, candidates) =>
        {
            var first = tile * rowTile;
            var count = Math.Min(rowTile, rows.Length - first);
            var padded = (count + TTile.Rows - 1) / TTile.Rows * TTile.Rows;
            var cursor = new int[count];
            var end = new int[count];
            var threshold = new float[padded];
            threshold.AsSpan(0, count).Fill(float.NegativeInfinity);
            threshold.AsSpan(count).Fill(float.PositiveInfinity); // padding rows repeat the last row and never take
            candidates.Clear(count);
            for (var r = 0; r < count; r++)
            {
                cursor[r] = exclude?.Start[rows[first + r]] ?? 0;
                end[r] = exclude?.Start[rows[first + r] + 1] ?? 0;
            }

            var x = Transpose<TTile>(left, rows, first, count, padded, stride);
            Span<float> lanes = stackalloc float[TTile.Rows * TTile.Groups * w];
            for (var g0 = 0; g0 < groups; g0 += groupTile)
            {
                var g1 = Math.Min(groups, g0 + groupTile);
                for (var r = 0; r < count; r += TTile.Rows)
                {
                    var n = Math.Min(TTile.Rows, count - r);
                    var xs = x.AsSpan(r * stride, TTile.Rows * stride);
                    var g = g0;
                    for (; g + TTile.Groups <= g1; g += TTile.Groups)
                    {
                        var hit = TTile.Score(packed.AsSpan(g * stride * w), xs, stride, threshold.AsSpan(r, TTile.Rows), lanes);
                        if (hit != 0)
                        {
                            Take<TTile>(candidates, exclude?.Column, cursor.AsSpan(r), end.AsSpan(r), r, n, hit, threshold.AsSpan(r), lanes, g * w, columns);
                        }
                    }

                    for (; g < g1; g++)
                    {
                        var hit = TTile.ScoreOne(packed.AsSpan(g * stride * w), xs, stride, threshold.AsSpan(r, TTile.Rows), lanes);
                        if (hit != 0)
                        {
                            Take<TTile>(candidates, exclude?.Column, cursor.AsSpan(r), end.AsSpan(r), r, n, hit, threshold.AsSpan(r), lanes, g * w, columns);
                        }
                    }
                }
            }

            for (var r = 0; r < count; r++)
            {
                candidates.Finish(r, result, first + r);
            }

            return candidates;
        }, static _ => { });
        return result;
    }

    /// <summary>Groups of w rows of R, transposed: packed[g][c][lane] = R[g·w + lane][c]; missing columns are zero.</summary>
    private static float[] Pack(float[] right, int columns, int stride, int groups, int w)
    {
        var packed = new float[groups * stride * w];
        for (var i = 0; i < columns; i++)
        {
            var g = i / w;
            var lane = i % w;
            var row = right.AsSpan(i * stride, stride);
            for (var c = 0; c < stride; c++)
            {
                packed[(((g * stride) + c) * w) + lane] = row[c];
            }
        }

        return packed;
    }

    /// <summary>
    /// The row tile's rows of L, each register tile factor-major: x[(j·stride + c)·Rows + q] = L[row j·Rows + q][c];
    /// a partial last register tile repeats its last row.
    /// </summary>
    private static float[] Transpose<TTile>(float[] left, int[] rows, int first, int count, int padded, int stride)
        where TTile : struct, ITopKTile
    {
        var x = new float[padded * stride];
        for (var r = 0; r < padded; r++)
        {
            var source = left.AsSpan(rows[first + Math.Min(r, count - 1)] * stride, stride);
            var block = r / TTile.Rows * TTile.Rows * stride;
            for (var c = 0; c < stride; c++)
            {
                x[block + (c * TTile.Rows) + (r % TTile.Rows)] = source[c];
            }
        }

        return x;
    }

    /// <summary>
    /// Appends the lanes of the (group t, row q) pairs set in <paramref name="hit"/> (bit t·Rows + q, groups from column
    /// <paramref name="firstColumn"/>) that beat their row's threshold, less excluded and padding columns, to the
    /// candidates of the n rows from tile row <paramref name="slot"/>, in ascending column order per row; a selection
    /// raises the row's threshold. Columns only ascend, so a score equal to the K-th best never displaces it: the
    /// strict compare loses nothing. Each row's excluded columns are <paramref name="excluded"/>[cursor .. end), the
    /// cursor past those below the columns already taken.
    /// </summary>
    private static void Take<TTile>(TopKCandidates candidates, int[]? excluded, Span<int> cursor, ReadOnlySpan<int> end, int slot, int n, ulong hit, Span<float> threshold, ReadOnlySpan<float> lanes, int firstColumn, int columns)
        where TTile : struct, ITopKTile
    {
        var w = TTile.Width;
        if (n < TTile.Rows)
        {
            var rowBits = (1UL << n) - 1;
            var mask = 0UL;
            for (var t = 0; t < TTile.Groups; t++)
            {
                mask |= rowBits << (t * TTile.Rows);
            }

            hit &= mask;
        }

        while (hit != 0)
        {
            var bit = BitOperations.TrailingZeroCount(hit);
            hit &= hit - 1;
            var t = bit / TTile.Rows;
            var q = bit - (t * TTile.Rows);
            var start = firstColumn + (t * w);
            var above = TTile.Above(lanes.Slice(((t * TTile.Rows) + q) * w, w), threshold[q]);
            if (columns - start < w)
            {
                above &= (1UL << Math.Max(0, columns - start)) - 1;
            }

            if (excluded is not null)
            {
                var c = cursor[q];
                var e = end[q];
                if (c < e && excluded[c] < start + w)
                {
                    while (c < e && excluded[c] < start)
                    {
                        c++;
                    }

                    while (c < e && excluded[c] < start + w)
                    {
                        above &= ~(1UL << (excluded[c] - start));
                        c++;
                    }

                    cursor[q] = c;
                }
            }

            if (above == 0)
            {
                continue;
            }

            var row = slot + q;
            var added = TTile.Compress(lanes.Slice(((t * TTile.Rows) + q) * w, w), above, start, candidates.ScoreTail(row), candidates.ColumnTail(row));
            if (candidates.Added(row, added) is { } raised)
            {
                threshold[q] = raised;
            }
        }
    }
}
