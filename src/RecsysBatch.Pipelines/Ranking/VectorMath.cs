using System.Numerics;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The two dense kernels of the ranker's MLP, SIMD over <see cref="Vector{T}"/> with a scalar tail.</summary>
internal static class VectorMath
{
    /// <summary>y += a·x.</summary>
    public static void Axpy<T>(T a, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(a);
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..x.Length]);
            for (var v = 0; v < vx.Length; v++)
            {
                vy[v] += va * vx[v];
            }

            i = vx.Length * Vector<T>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>Σ x·y.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..x.Length]);
            for (var v = 0; v < vx.Length; v++)
            {
                acc += vx[v] * vy[v];
            }

            sum = Vector.Sum(acc);
            i = vx.Length * Vector<T>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
