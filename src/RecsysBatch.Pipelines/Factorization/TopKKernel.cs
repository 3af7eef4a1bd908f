using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The register tile of <see cref="TopKScorer"/>: scores of 4 rows of L against 3 (or 1) packed groups of W
/// columns of R. Twelve independent accumulators keep both FMA units busy (four, one per row, leave them waiting
/// on the FMA latency), and each loaded vector of R serves four rows, each broadcast factor three groups. Every
/// score is the FMA chain over the factors in order, the same arithmetic whatever the tile, so results do not
/// depend on it.
/// </summary>
internal static class TopKKernel
{
    /// <summary>Rows × groups of <see cref="Score3"/>.</summary>
    public const int Rows = 4;

    public const int Groups = 3;

    /// <summary>
    /// lanes[(t·4 + q)·W + lane] = x_q · R[(g + t)·W + lane] for t &lt; 3, where <paramref name="packed"/> starts
    /// at group g (3 groups of stride vectors each) and every x holds stride floats.
    /// </summary>
    public static void Score3(ReadOnlySpan<float> packed, int stride, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> lanes)
    {
        var w = Vector<float>.Count;
        var p = MemoryMarshal.Cast<float, Vector<float>>(packed[..(Groups * stride * w)]);
        CheckRows(stride, x0, x1, x2, x3);
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var p1 = ref Unsafe.Add(ref p0, stride);
        ref var p2 = ref Unsafe.Add(ref p1, stride);
        ref var r0 = ref MemoryMarshal.GetReference(x0);
        ref var r1 = ref MemoryMarshal.GetReference(x1);
        ref var r2 = ref MemoryMarshal.GetReference(x2);
        ref var r3 = ref MemoryMarshal.GetReference(x3);
        Vector<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector<float> a20 = default, a21 = default, a22 = default, a23 = default;
        for (var c = 0; c < stride; c++)
        {
            var v0 = Unsafe.Add(ref p0, c);
            var v1 = Unsafe.Add(ref p1, c);
            var v2 = Unsafe.Add(ref p2, c);
            var b = new Vector<float>(Unsafe.Add(ref r0, c));
            a00 = Vector.FusedMultiplyAdd(b, v0, a00);
            a10 = Vector.FusedMultiplyAdd(b, v1, a10);
            a20 = Vector.FusedMultiplyAdd(b, v2, a20);
            b = new Vector<float>(Unsafe.Add(ref r1, c));
            a01 = Vector.FusedMultiplyAdd(b, v0, a01);
            a11 = Vector.FusedMultiplyAdd(b, v1, a11);
            a21 = Vector.FusedMultiplyAdd(b, v2, a21);
            b = new Vector<float>(Unsafe.Add(ref r2, c));
            a02 = Vector.FusedMultiplyAdd(b, v0, a02);
            a12 = Vector.FusedMultiplyAdd(b, v1, a12);
            a22 = Vector.FusedMultiplyAdd(b, v2, a22);
            b = new Vector<float>(Unsafe.Add(ref r3, c));
            a03 = Vector.FusedMultiplyAdd(b, v0, a03);
            a13 = Vector.FusedMultiplyAdd(b, v1, a13);
            a23 = Vector.FusedMultiplyAdd(b, v2, a23);
        }

        var o = MemoryMarshal.Cast<float, Vector<float>>(lanes[..(Groups * Rows * w)]);
        (o[0], o[1], o[2], o[3]) = (a00, a01, a02, a03);
        (o[4], o[5], o[6], o[7]) = (a10, a11, a12, a13);
        (o[8], o[9], o[10], o[11]) = (a20, a21, a22, a23);
    }

    /// <summary>lanes[q·W + lane] = x_q · R[g·W + lane] for the one group g that <paramref name="packed"/> starts at.</summary>
    public static void Score1(ReadOnlySpan<float> packed, int stride, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> lanes)
    {
        var w = Vector<float>.Count;
        var p = MemoryMarshal.Cast<float, Vector<float>>(packed[..(stride * w)]);
        CheckRows(stride, x0, x1, x2, x3);
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var r0 = ref MemoryMarshal.GetReference(x0);
        ref var r1 = ref MemoryMarshal.GetReference(x1);
        ref var r2 = ref MemoryMarshal.GetReference(x2);
        ref var r3 = ref MemoryMarshal.GetReference(x3);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var c = 0; c < stride; c++)
        {
            var v = Unsafe.Add(ref p0, c);
            a0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref r0, c)), v, a0);
            a1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref r1, c)), v, a1);
            a2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref r2, c)), v, a2);
            a3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref r3, c)), v, a3);
        }

        var o = MemoryMarshal.Cast<float, Vector<float>>(lanes[..(Rows * w)]);
        (o[0], o[1], o[2], o[3]) = (a0, a1, a2, a3);
    }

    /// <summary>The unchecked reads above stay inside the spans: every row must hold at least stride floats.</summary>
    private static void CheckRows(int stride, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3)
    {
        if (Math.Min(Math.Min(x0.Length, x1.Length), Math.Min(x2.Length, x3.Length)) < stride)
        {
            throw new ArgumentException("each row of L must hold stride factors.", nameof(x0));
        }
    }
}
