using System.Numerics;
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
}
