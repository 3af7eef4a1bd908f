using System.Numerics;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Top-K of every requested row of L against all rows of R by dot product: a blocked product feeding one bounded
/// min-heap per row, so no users × items score matrix is ever materialised. R is packed once into groups of W
/// columns (W = Vector&lt;float&gt;.Count) stored factor-major, so one FMA yields W scores with no horizontal sum;
/// four rows of L share each loaded vector; column tiles keep the packed slice in cache across a tile of rows.
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

            Span<float> lanes = stackalloc float[4 * w];
            for (var g0 = 0; g0 < groups; g0 += GroupTile)
            {
                var g1 = Math.Min(groups, g0 + GroupTile);
                for (var r = 0; r < count; r += 4)
                {
                    var n = Math.Min(4, count - r);
                    var x0 = left.AsSpan(rows[first + r] * stride, stride);
                    var x1 = left.AsSpan(rows[first + r + Math.Min(1, n - 1)] * stride, stride);
                    var x2 = left.AsSpan(rows[first + r + Math.Min(2, n - 1)] * stride, stride);
                    var x3 = left.AsSpan(rows[first + r + Math.Min(3, n - 1)] * stride, stride);
                    for (var g = g0; g < g1; g++)
                    {
                        Kernel(packed.AsSpan(g * stride * w, stride * w), x0, x1, x2, x3, lanes);
                        for (var q = 0; q < n; q++)
                        {
                            // Columns only ascend, so a score equal to the K-th best never displaces it: when no
                            // lane beats the threshold the whole group is skipped with one vector compare, inline.
                            var scores = new Vector<float>(lanes.Slice(q * w, w));
                            if (Vector.GreaterThanAny(scores, threshold[r + q]))
                            {
                                Offer(result, exclude, rows[first + r + q], first + r + q, ref cursor[r + q], lanes.Slice(q * w, w), g * w, columns);
                                threshold[r + q] = new Vector<float>(result.IsFull(first + r + q) ? result.Threshold(first + r + q) : float.NegativeInfinity);
                            }
                        }
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

    private static void Kernel(ReadOnlySpan<float> group, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> lanes)
    {
        var p = MemoryMarshal.Cast<float, Vector<float>>(group);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        x0 = x0[..p.Length];
        x1 = x1[..p.Length];
        x2 = x2[..p.Length];
        x3 = x3[..p.Length];
        for (var c = 0; c < p.Length; c++)
        {
            var v = p[c];
            a0 = Vector.FusedMultiplyAdd(new Vector<float>(x0[c]), v, a0);
            a1 = Vector.FusedMultiplyAdd(new Vector<float>(x1[c]), v, a1);
            a2 = Vector.FusedMultiplyAdd(new Vector<float>(x2[c]), v, a2);
            a3 = Vector.FusedMultiplyAdd(new Vector<float>(x3[c]), v, a3);
        }

        var w = Vector<float>.Count;
        a0.CopyTo(lanes);
        a1.CopyTo(lanes[w..]);
        a2.CopyTo(lanes[(2 * w)..]);
        a3.CopyTo(lanes[(3 * w)..]);
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
