using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// SIMD kernels over factor rows. Rows are stored with a stride that is a multiple of Vector&lt;float&gt;.Count and
/// zero padding, so every kernel runs whole vectors with no scalar tail (padding stays zero under every update).
/// </summary>
internal static class FactorMath
{
    public static int StrideFor(int rank) => (rank + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (var v = 0; v < va.Length; v++)
        {
            acc = Vector.FusedMultiplyAdd(va[v], vb[v], acc);
        }

        return Vector.Sum(acc);
    }

    /// <summary>y += a * x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var va = new Vector<float>(a);
        for (var v = 0; v < vx.Length; v++)
        {
            vy[v] = Vector.FusedMultiplyAdd(va, vx[v], vy[v]);
        }
    }

    /// <summary>x = a * x + y.</summary>
    public static void Xpay(ReadOnlySpan<float> y, float a, Span<float> x)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var va = new Vector<float>(a);
        for (var v = 0; v < vx.Length; v++)
        {
            vx[v] = (va * vx[v]) + vy[v];
        }
    }

    /// <summary>
    /// result += Σ_j (scale·values[j]·(y_j·v)) y_j over the cells j, y_j the row columns[j] of <paramref name="rows"/>:
    /// the observed-cell term of an ALS row operator. Each y_j is read once for its Dot and its Axpy; with four
    /// vectors a row (rank 32 on 256-bit SIMD) v and result stay in registers. The rounding is that of a Dot then an
    /// Axpy per cell in cell order, so the result is bit for bit the one of those two calls.
    /// </summary>
    public static void AddProjections(
        ReadOnlySpan<int> columns,
        ReadOnlySpan<float> values,
        float scale,
        ReadOnlySpan<float> rows,
        int stride,
        ReadOnlySpan<float> v,
        Span<float> result)
    {
        CheckRows(columns, rows, stride);
        ref var col = ref MemoryMarshal.GetReference(columns);
        ref var val = ref MemoryMarshal.GetReference(values);
        ref var first = ref MemoryMarshal.GetReference(rows);
        if (values.Length < columns.Length || v.Length != stride || result.Length != stride)
        {
            throw new ArgumentException("values, v and result must match the cells and the stride");
        }

        if (stride == 4 * Vector<float>.Count)
        {
            AddProjections4(ref col, ref val, columns.Length, scale, ref first, stride, v, result);
            return;
        }

        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        for (var j = 0; j < columns.Length; j++)
        {
            ref var y = ref Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref first, (nint)Unsafe.Add(ref col, j) * stride));
            var acc = Vector<float>.Zero;
            for (var n = 0; n < vv.Length; n++)
            {
                acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref y, n), vv[n], acc);
            }

            var w = new Vector<float>(scale * Unsafe.Add(ref val, j) * Vector.Sum(acc));
            for (var n = 0; n < vr.Length; n++)
            {
                vr[n] = Vector.FusedMultiplyAdd(w, Unsafe.Add(ref y, n), vr[n]);
            }
        }
    }

    /// <summary>result += Σ_j ((1 + scale·values[j]) − shift) y_j: one Axpy per cell, in cell order (an ALS right-hand side).</summary>
    public static void AddRows(
        ReadOnlySpan<int> columns,
        ReadOnlySpan<float> values,
        float scale,
        float shift,
        ReadOnlySpan<float> rows,
        int stride,
        Span<float> result)
    {
        CheckRows(columns, rows, stride);
        if (values.Length < columns.Length || result.Length != stride)
        {
            throw new ArgumentException("values and result must match the cells and the stride");
        }

        ref var col = ref MemoryMarshal.GetReference(columns);
        ref var val = ref MemoryMarshal.GetReference(values);
        ref var first = ref MemoryMarshal.GetReference(rows);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        for (var j = 0; j < columns.Length; j++)
        {
            ref var y = ref Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref first, (nint)Unsafe.Add(ref col, j) * stride));
            var w = new Vector<float>((1 + (scale * Unsafe.Add(ref val, j))) - shift);
            for (var n = 0; n < vr.Length; n++)
            {
                vr[n] = Vector.FusedMultiplyAdd(w, Unsafe.Add(ref y, n), vr[n]);
            }
        }
    }

    /// <summary>
    /// result[a] = Σ_b m[a, b] v[b] for a square stride × stride matrix, each row a Dot (same rounding), four rows at
    /// a time from v held in registers when a row is four vectors.
    /// </summary>
    public static void MultiplySquare(ReadOnlySpan<float> m, int stride, ReadOnlySpan<float> v, Span<float> result)
    {
        if (m.Length < stride * stride || v.Length != stride || result.Length != stride)
        {
            throw new ArgumentException("m must be stride × stride and v, result of length stride");
        }

        if (stride != 4 * Vector<float>.Count)
        {
            for (var a = 0; a < stride; a++)
            {
                result[a] = Dot(m.Slice(a * stride, stride), v);
            }

            return;
        }

        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var (v0, v1, v2, v3) = (vv[0], vv[1], vv[2], vv[3]);
        ref var row = ref Unsafe.As<float, Vector<float>>(ref MemoryMarshal.GetReference(m));
        ref var r = ref MemoryMarshal.GetReference(result);
        for (var a = 0; a < stride; a++)
        {
            var acc = Vector.FusedMultiplyAdd(row, v0, Vector<float>.Zero);
            acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref row, 1), v1, acc);
            acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref row, 2), v2, acc);
            acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref row, 3), v3, acc);
            Unsafe.Add(ref r, a) = Vector.Sum(acc);
            row = ref Unsafe.Add(ref row, 4);
        }
    }

    /// <summary>The SGD step on a pair of rows, both from their old values: p' = s p + g q, q' = s q + g p.</summary>
    public static void SgdStep(Span<float> p, Span<float> q, float shrink, float gain)
    {
        var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
        var vq = MemoryMarshal.Cast<float, Vector<float>>(q);
        var vs = new Vector<float>(shrink);
        var vg = new Vector<float>(gain);
        for (var v = 0; v < vp.Length; v++)
        {
            var oldP = vp[v];
            var oldQ = vq[v];
            vp[v] = Vector.FusedMultiplyAdd(vg, oldQ, vs * oldP);
            vq[v] = Vector.FusedMultiplyAdd(vg, oldP, vs * oldQ);
        }
    }

    public static void ClampNonNegative(Span<float> x)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (var v = 0; v < vx.Length; v++)
        {
            vx[v] = Vector.Max(vx[v], Vector<float>.Zero);
        }
    }

    /// <summary>Fills the first rank columns of each row with N(0, scale²) draws; padding stays zero.</summary>
    public static void Initialize(float[] rows, int count, int rank, int stride, double scale, Random random)
    {
        for (var r = 0; r < count; r++)
        {
            for (var c = 0; c < rank; c++)
            {
                // Box-Muller from the seeded generator: deterministic and allocation-free.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                rows[(r * stride) + c] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
    }

    /// <summary>Every column names a whole row of <paramref name="rows"/>: the unchecked kernels rely on it.</summary>
    private static void CheckRows(ReadOnlySpan<int> columns, ReadOnlySpan<float> rows, int stride)
    {
        var count = rows.Length / stride;
        foreach (var c in columns)
        {
            if ((uint)c >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(nameof(columns), c, $"a column must name one of the {count} rows");
            }
        }
    }

    private static void AddProjections4(ref int col, ref float val, int cells, float scale, ref float first, int stride, ReadOnlySpan<float> v, Span<float> result)
    {
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        var (v0, v1, v2, v3) = (vv[0], vv[1], vv[2], vv[3]);
        var (r0, r1, r2, r3) = (vr[0], vr[1], vr[2], vr[3]);
        for (var j = 0; j < cells; j++)
        {
            ref var y = ref Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref first, (nint)Unsafe.Add(ref col, j) * stride));
            var y0 = y;
            var y1 = Unsafe.Add(ref y, 1);
            var y2 = Unsafe.Add(ref y, 2);
            var y3 = Unsafe.Add(ref y, 3);
            var acc = Vector.FusedMultiplyAdd(y0, v0, Vector<float>.Zero);
            acc = Vector.FusedMultiplyAdd(y1, v1, acc);
            acc = Vector.FusedMultiplyAdd(y2, v2, acc);
            acc = Vector.FusedMultiplyAdd(y3, v3, acc);
            var w = new Vector<float>(scale * Unsafe.Add(ref val, j) * Vector.Sum(acc));
            r0 = Vector.FusedMultiplyAdd(w, y0, r0);
            r1 = Vector.FusedMultiplyAdd(w, y1, r1);
            r2 = Vector.FusedMultiplyAdd(w, y2, r2);
            r3 = Vector.FusedMultiplyAdd(w, y3, r3);
        }

        (vr[0], vr[1], vr[2], vr[3]) = (r0, r1, r2, r3);
    }
}
