using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The portable register tile of <see cref="TopKScorer"/> (W = Vector&lt;float&gt;.Count lanes): 4 rows × 3 groups.
/// Twelve independent accumulators keep both FMA units busy (four, one per row, leave them waiting on the FMA
/// latency), and each loaded vector of R serves four rows, each broadcast factor three groups; 12 accumulators,
/// 3 vectors of R and a broadcast fit the 16 registers of AVX2. Used where Vector512 is not accelerated
/// (<see cref="TopKKernel512"/> otherwise).
/// </summary>
internal readonly struct TopKKernel : ITopKTile
{
    public static int Width => Vector<float>.Count;

    public static int Rows => 4;

    public static int Groups => 3;

    public static ulong Score(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes)
    {
        var w = Vector<float>.Count;
        TopKTileChecks.Check(packed.Length, x.Length, thresholds.Length, lanes.Length, stride, w, Rows, Groups);
        ref var p0 = ref Unsafe.As<float, Vector<float>>(ref MemoryMarshal.GetReference(packed));
        ref var p1 = ref Unsafe.Add(ref p0, stride);
        ref var p2 = ref Unsafe.Add(ref p1, stride);
        ref var r = ref MemoryMarshal.GetReference(x);
        Vector<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector<float> a20 = default, a21 = default, a22 = default, a23 = default;
        for (var c = 0; c < stride; c++)
        {
            var v0 = Unsafe.Add(ref p0, c);
            var v1 = Unsafe.Add(ref p1, c);
            var v2 = Unsafe.Add(ref p2, c);
            ref var rc = ref Unsafe.Add(ref r, c * 4);
            var b = new Vector<float>(rc);
            a00 = Vector.FusedMultiplyAdd(b, v0, a00);
            a10 = Vector.FusedMultiplyAdd(b, v1, a10);
            a20 = Vector.FusedMultiplyAdd(b, v2, a20);
            b = new Vector<float>(Unsafe.Add(ref rc, 1));
            a01 = Vector.FusedMultiplyAdd(b, v0, a01);
            a11 = Vector.FusedMultiplyAdd(b, v1, a11);
            a21 = Vector.FusedMultiplyAdd(b, v2, a21);
            b = new Vector<float>(Unsafe.Add(ref rc, 2));
            a02 = Vector.FusedMultiplyAdd(b, v0, a02);
            a12 = Vector.FusedMultiplyAdd(b, v1, a12);
            a22 = Vector.FusedMultiplyAdd(b, v2, a22);
            b = new Vector<float>(Unsafe.Add(ref rc, 3));
            a03 = Vector.FusedMultiplyAdd(b, v0, a03);
            a13 = Vector.FusedMultiplyAdd(b, v1, a13);
            a23 = Vector.FusedMultiplyAdd(b, v2, a23);
        }

        var t0 = new Vector<float>(thresholds[0]);
        var t1 = new Vector<float>(thresholds[1]);
        var t2 = new Vector<float>(thresholds[2]);
        var t3 = new Vector<float>(thresholds[3]);
        var hit = Bit(a00, t0, 0) | Bit(a01, t1, 1) | Bit(a02, t2, 2) | Bit(a03, t3, 3)
            | Bit(a10, t0, 4) | Bit(a11, t1, 5) | Bit(a12, t2, 6) | Bit(a13, t3, 7)
            | Bit(a20, t0, 8) | Bit(a21, t1, 9) | Bit(a22, t2, 10) | Bit(a23, t3, 11);
        if (hit == 0)
        {
            return 0;
        }

        var o = MemoryMarshal.Cast<float, Vector<float>>(lanes[..(Groups * Rows * w)]);
        (o[0], o[1], o[2], o[3]) = (a00, a01, a02, a03);
        (o[4], o[5], o[6], o[7]) = (a10, a11, a12, a13);
        (o[8], o[9], o[10], o[11]) = (a20, a21, a22, a23);
        return hit;
    }

    public static ulong ScoreOne(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes)
    {
        var w = Vector<float>.Count;
        TopKTileChecks.Check(packed.Length, x.Length, thresholds.Length, lanes.Length, stride, w, Rows, 1);
        ref var p0 = ref Unsafe.As<float, Vector<float>>(ref MemoryMarshal.GetReference(packed));
        ref var r = ref MemoryMarshal.GetReference(x);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var c = 0; c < stride; c++)
        {
            var v = Unsafe.Add(ref p0, c);
            ref var rc = ref Unsafe.Add(ref r, c * 4);
            a0 = Vector.FusedMultiplyAdd(new Vector<float>(rc), v, a0);
            a1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rc, 1)), v, a1);
            a2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rc, 2)), v, a2);
            a3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rc, 3)), v, a3);
        }

        var hit = Bit(a0, new Vector<float>(thresholds[0]), 0) | Bit(a1, new Vector<float>(thresholds[1]), 1)
            | Bit(a2, new Vector<float>(thresholds[2]), 2) | Bit(a3, new Vector<float>(thresholds[3]), 3);
        if (hit == 0)
        {
            return 0;
        }

        var o = MemoryMarshal.Cast<float, Vector<float>>(lanes[..(Rows * w)]);
        (o[0], o[1], o[2], o[3]) = (a0, a1, a2, a3);
        return hit;
    }

    /// <summary>Bit <paramref name="bit"/> set where any score is above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(Vector<float> scores, Vector<float> threshold, int bit) =>
        Vector.GreaterThanAny(scores, threshold) ? 1UL << bit : 0;

    public static ulong Above(ReadOnlySpan<float> scores, float threshold)
    {
        var bits = 0UL;
        for (var lane = 0; lane < Vector<float>.Count; lane++)
        {
            if (scores[lane] > threshold)
            {
                bits |= 1UL << lane;
            }
        }

        return bits;
    }

    public static int Compress(ReadOnlySpan<float> scores, ulong mask, int firstColumn, Span<float> toScores, Span<int> toColumns)
    {
        var n = 0;
        while (mask != 0)
        {
            var lane = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            toScores[n] = scores[lane];
            toColumns[n] = firstColumn + lane;
            n++;
        }

        return n;
    }
}
