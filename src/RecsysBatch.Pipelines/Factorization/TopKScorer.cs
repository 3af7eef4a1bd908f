using System.Numerics;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Top-K of every requested row of L against all rows of R by dot product: a blocked product feeding one bounded
/// min-heap per row, so no users × items score matrix is ever materialised. R is packed once into groups of W
/// columns (W = Vector&lt;float&gt;.Count) stored factor-major, so one FMA yields W scores with no horizontal sum;
/// a register tile of 4 rows × 3 groups (<see cref="TopKKernel"/>) shares loads; column tiles keep the packed slice
/// (256 groups) in L2 across a tile of 32 rows. Only a group with a score above a row's current K-th reaches its heap.
/// Excluded cells (sorted columns per row) are skipped by a cursor that advances as columns ascend.
/// Ties go to the smaller column index.
/// </summary>
internal static class TopKScorer
{
    private const int RowTile = 32;
    private const int GroupTile = 256;

    public static TopKResult Score(float[] left, int[] rows, float[] right, int columns, int stride, int k, SparseRows? exclude, int threads)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(right);
        var w = Vector<float>.Count;
        var groups = (columns + w - 1) / w;
        var packed = Pack(right, columns, stride, groups);
        var result = new TopKResult(rows.Length, k);
        var tiles = (rows.Length + RowTile - 1) / RowTile;
        Parallel.For(0, tiles, new ParallelOptions { MaxDegreeOfParallelism = threads }, tile =>
        {
            var first = tile * RowTile;
            var count = Math.Min(RowTile, rows.Length - first);
            var cursor = new int[count];
            var threshold = new Vector<float>[count];
            Array.Fill(threshold, new Vector<float>(float.NegativeInfinity));
            for (var r = 0; r < count; r++)
            {
                cursor[r] = exclude?.Start[rows[first + r]] ?? 0;
            }

            Span<float> lanes = stackalloc float[TopKKernel.Rows * TopKKernel.Groups * w];
            for (var g0 = 0; g0 < groups; g0 += GroupTile)
            {
                var g1 = Math.Min(groups, g0 + GroupTile);
                for (var r = 0; r < count; r += TopKKernel.Rows)
                {
                    var n = Math.Min(TopKKernel.Rows, count - r);
                    var x0 = left.AsSpan(rows[first + r] * stride, stride);
                    var x1 = left.AsSpan(rows[first + r + Math.Min(1, n - 1)] * stride, stride);
                    var x2 = left.AsSpan(rows[first + r + Math.Min(2, n - 1)] * stride, stride);
                    var x3 = left.AsSpan(rows[first + r + Math.Min(3, n - 1)] * stride, stride);
                    var g = g0;
                    for (; g + TopKKernel.Groups <= g1; g += TopKKernel.Groups)
                    {
                        TopKKernel.Score3(packed.AsSpan(g * stride * w), stride, x0, x1, x2, x3, lanes);
                        for (var t = 0; t < TopKKernel.Groups; t++)
                        {
                            Take(result, exclude, rows, first + r, n, cursor.AsSpan(r), threshold.AsSpan(r), lanes.Slice(t * TopKKernel.Rows * w), (g + t) * w, columns);
                        }
                    }

                    for (; g < g1; g++)
                    {
                        TopKKernel.Score1(packed.AsSpan(g * stride * w), stride, x0, x1, x2, x3, lanes);
                        Take(result, exclude, rows, first + r, n, cursor.AsSpan(r), threshold.AsSpan(r), lanes, g * w, columns);
                    }
                }
            }

            for (var r = 0; r < count; r++)
            {
                result.Sort(first + r);
            }
        });
        return result;
    }

    /// <summary>Groups of W rows of R, transposed: packed[g][c][lane] = R[g·W + lane][c]; missing columns are zero.</summary>
    private static float[] Pack(float[] right, int columns, int stride, int groups)
    {
        var w = Vector<float>.Count;
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

    /// <summary>Offers the scores of one group to each of the n rows from slot <paramref name="slot"/> (lanes: W per row).</summary>
    private static void Take(TopKResult result, SparseRows? exclude, int[] rows, int slot, int n, Span<int> cursor, Span<Vector<float>> threshold, ReadOnlySpan<float> lanes, int firstColumn, int columns)
    {
        var w = Vector<float>.Count;
        for (var q = 0; q < n; q++)
        {
            // Columns only ascend, so a score equal to the K-th best never displaces it: when no lane beats the
            // threshold the whole group is skipped with one vector compare; only the rest reach the heap.
            var scores = new Vector<float>(lanes.Slice(q * w, w));
            if (Vector.GreaterThanAny(scores, threshold[q]))
            {
                Offer(result, exclude, rows[slot + q], slot + q, ref cursor[q], lanes.Slice(q * w, w), firstColumn, columns);
                threshold[q] = new Vector<float>(result.IsFull(slot + q) ? result.Threshold(slot + q) : float.NegativeInfinity);
            }
        }
    }

    private static void Offer(TopKResult result, SparseRows? exclude, int row, int slot, ref int cursor, ReadOnlySpan<float> scores, int firstColumn, int columns)
    {
        var end = exclude?.Start[row + 1] ?? 0;
        var last = Math.Min(scores.Length, columns - firstColumn);
        for (var lane = 0; lane < last; lane++)
        {
            var column = firstColumn + lane;
            while (cursor < end && exclude!.Column[cursor] < column)
            {
                cursor++;
            }

            if (cursor < end && exclude!.Column[cursor] == column)
            {
                continue;
            }

            result.Offer(slot, column, scores[lane]);
        }
    }
}
