using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The AVX-512 register tile of <see cref="TopKScorer"/>: 6 rows × 4 groups of 16 columns. Its 24 accumulators, the
/// 4 vectors of R loaded per factor and a broadcast fit the 32 zmm registers; each loaded vector serves six rows
/// and each broadcast factor four groups (10 loads per 24 FMAs, where both FMA units need at least 8 independent
/// chains to hide the FMA latency). Chosen by <see cref="TopKScorer.Score"/> when Vector512 is accelerated; the
/// arithmetic is that of <see cref="TopKKernel"/> (one fused multiply-add per factor, in order), so both give the
/// same scores bit for bit.
/// </summary>
internal readonly struct TopKKernel512 : ITopKTile
{
    public static int Width => 16;

    public static int Rows => 6;

    public static int Groups => 4;

    public static ulong Score(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes)
    {
        TopKTileChecks.Check(packed.Length, x.Length, thresholds.Length, lanes.Length, stride, 16, Rows, Groups);
        ref var v0p = ref MemoryMarshal.GetReference(packed);
        ref var v1p = ref Unsafe.Add(ref v0p, stride * 16);
        ref var v2p = ref Unsafe.Add(ref v1p, stride * 16);
        ref var v3p = ref Unsafe.Add(ref v2p, stride * 16);
        ref var r = ref MemoryMarshal.GetReference(x);
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a04 = default, a05 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a24 = default, a25 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default, a34 = default, a35 = default;
        for (var c = 0; c < stride; c++)
        {
            var o = (nuint)(c * 16);
            var v0 = Vector512.LoadUnsafe(ref v0p, o);
            var v1 = Vector512.LoadUnsafe(ref v1p, o);
            var v2 = Vector512.LoadUnsafe(ref v2p, o);
            var v3 = Vector512.LoadUnsafe(ref v3p, o);
            ref var rc = ref Unsafe.Add(ref r, c * 6);
            var b = Vector512.Create(rc);
            a00 = Vector512.FusedMultiplyAdd(b, v0, a00);
            a10 = Vector512.FusedMultiplyAdd(b, v1, a10);
            a20 = Vector512.FusedMultiplyAdd(b, v2, a20);
            a30 = Vector512.FusedMultiplyAdd(b, v3, a30);
            b = Vector512.Create(Unsafe.Add(ref rc, 1));
            a01 = Vector512.FusedMultiplyAdd(b, v0, a01);
            a11 = Vector512.FusedMultiplyAdd(b, v1, a11);
            a21 = Vector512.FusedMultiplyAdd(b, v2, a21);
            a31 = Vector512.FusedMultiplyAdd(b, v3, a31);
            b = Vector512.Create(Unsafe.Add(ref rc, 2));
            a02 = Vector512.FusedMultiplyAdd(b, v0, a02);
            a12 = Vector512.FusedMultiplyAdd(b, v1, a12);
            a22 = Vector512.FusedMultiplyAdd(b, v2, a22);
            a32 = Vector512.FusedMultiplyAdd(b, v3, a32);
            b = Vector512.Create(Unsafe.Add(ref rc, 3));
            a03 = Vector512.FusedMultiplyAdd(b, v0, a03);
            a13 = Vector512.FusedMultiplyAdd(b, v1, a13);
            a23 = Vector512.FusedMultiplyAdd(b, v2, a23);
            a33 = Vector512.FusedMultiplyAdd(b, v3, a33);
            b = Vector512.Create(Unsafe.Add(ref rc, 4));
            a04 = Vector512.FusedMultiplyAdd(b, v0, a04);
            a14 = Vector512.FusedMultiplyAdd(b, v1, a14);
            a24 = Vector512.FusedMultiplyAdd(b, v2, a24);
            a34 = Vector512.FusedMultiplyAdd(b, v3, a34);
            b = Vector512.Create(Unsafe.Add(ref rc, 5));
            a05 = Vector512.FusedMultiplyAdd(b, v0, a05);
            a15 = Vector512.FusedMultiplyAdd(b, v1, a15);
            a25 = Vector512.FusedMultiplyAdd(b, v2, a25);
            a35 = Vector512.FusedMultiplyAdd(b, v3, a35);
        }

        var t0 = Vector512.Create(thresholds[0]);
        var t1 = Vector512.Create(thresholds[1]);
        var t2 = Vector512.Create(thresholds[2]);
        var t3 = Vector512.Create(thresholds[3]);
        var t4 = Vector512.Create(thresholds[4]);
        var t5 = Vector512.Create(thresholds[5]);
        var hit = Bit(a00, t0, 0) | Bit(a01, t1, 1) | Bit(a02, t2, 2) | Bit(a03, t3, 3)
            | Bit(a04, t4, 4) | Bit(a05, t5, 5) | Bit(a10, t0, 6) | Bit(a11, t1, 7)
            | Bit(a12, t2, 8) | Bit(a13, t3, 9) | Bit(a14, t4, 10) | Bit(a15, t5, 11)
            | Bit(a20, t0, 12) | Bit(a21, t1, 13) | Bit(a22, t2, 14) | Bit(a23, t3, 15)
            | Bit(a24, t4, 16) | Bit(a25, t5, 17) | Bit(a30, t0, 18) | Bit(a31, t1, 19)
            | Bit(a32, t2, 20) | Bit(a33, t3, 21) | Bit(a34, t4, 22) | Bit(a35, t5, 23);
        if (hit == 0)
        {
            return 0;
        }

        ref var l = ref MemoryMarshal.GetReference(lanes);
        a00.StoreUnsafe(ref l, 0);
        a01.StoreUnsafe(ref l, 16);
        a02.StoreUnsafe(ref l, 32);
        a03.StoreUnsafe(ref l, 48);
        a04.StoreUnsafe(ref l, 64);
        a05.StoreUnsafe(ref l, 80);
        a10.StoreUnsafe(ref l, 96);
        a11.StoreUnsafe(ref l, 112);
        a12.StoreUnsafe(ref l, 128);
        a13.StoreUnsafe(ref l, 144);
        a14.StoreUnsafe(ref l, 160);
        a15.StoreUnsafe(ref l, 176);
        a20.StoreUnsafe(ref l, 192);
        a21.StoreUnsafe(ref l, 208);
        a22.StoreUnsafe(ref l, 224);
        a23.StoreUnsafe(ref l, 240);
        a24.StoreUnsafe(ref l, 256);
        a25.StoreUnsafe(ref l, 272);
        a30.StoreUnsafe(ref l, 288);
        a31.StoreUnsafe(ref l, 304);
        a32.StoreUnsafe(ref l, 320);
        a33.StoreUnsafe(ref l, 336);
        a34.StoreUnsafe(ref l, 352);
        a35.StoreUnsafe(ref l, 368);
        return hit;
    }

    public static ulong ScoreOne(ReadOnlySpan<float> packed, ReadOnlySpan<float> x, int stride, ReadOnlySpan<float> thresholds, Span<float> lanes)
    {
        TopKTileChecks.Check(packed.Length, x.Length, thresholds.Length, lanes.Length, stride, 16, Rows, 1);
        ref var p = ref MemoryMarshal.GetReference(packed);
        ref var r = ref MemoryMarshal.GetReference(x);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        for (var c = 0; c < stride; c++)
        {
            var v = Vector512.LoadUnsafe(ref p, (nuint)(c * 16));
            ref var rc = ref Unsafe.Add(ref r, c * 6);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 0)), v, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 1)), v, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 2)), v, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 3)), v, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 4)), v, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rc, 5)), v, a5);
        }

        var hit = Bit(a0, Vector512.Create(thresholds[0]), 0) | Bit(a1, Vector512.Create(thresholds[1]), 1) | Bit(a2, Vector512.Create(thresholds[2]), 2) 
            | Bit(a3, Vector512.Create(thresholds[3]), 3) | Bit(a4, Vector512.Create(thresholds[4]), 4) | Bit(a5, Vector512.Create(thresholds[5]), 5);
        if (hit == 0)
        {
            return 0;
        }

        ref var l = ref MemoryMarshal.GetReference(lanes);
        a0.StoreUnsafe(ref l, 0);
        a1.StoreUnsafe(ref l, 16);
        a2.StoreUnsafe(ref l, 32);
        a3.StoreUnsafe(ref l, 48);
        a4.StoreUnsafe(ref l, 64);
        a5.StoreUnsafe(ref l, 80);
        return hit;
    }

    public static ulong Above(ReadOnlySpan<float> scores, float threshold) =>
        Vector512.GreaterThan(Vector512.Create(scores[..16]), Vector512.Create(threshold)).ExtractMostSignificantBits();

    /// <summary>One AVX-512 compress each for the scores and their columns (full-vector stores).</summary>
    public static int Compress(ReadOnlySpan<float> scores, ulong mask, int firstColumn, Span<float> toScores, Span<int> toColumns)
    {
        if (toScores.Length < 16 || toColumns.Length < 16)
        {
            throw new ArgumentException("a compress writes 16 cells.");
        }

        var select = Vector512.Equals(Vector512.Create((int)mask) & LaneBits, LaneBits);
        var columns = Vector512.Create(firstColumn) + Vector512<int>.Indices;
        var v = Vector512.Create(scores[..16]);
        if (Avx512F.IsSupported)
        {
            Avx512F.Compress(Vector512<float>.Zero, select.AsSingle(), v).StoreUnsafe(ref MemoryMarshal.GetReference(toScores));
            Avx512F.Compress(Vector512<int>.Zero, select, columns).StoreUnsafe(ref MemoryMarshal.GetReference(toColumns));
            return BitOperations.PopCount(mask);
        }

        return TopKKernel.Compress(scores, mask, firstColumn, toScores, toColumns);
    }

    /// <summary>Bit <paramref name="bit"/> set where any score is above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(Vector512<float> scores, Vector512<float> threshold, int bit) =>
        Vector512.GreaterThanAny(scores, threshold) ? 1UL << bit : 0;

    private static Vector512<int> LaneBits => Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
}
