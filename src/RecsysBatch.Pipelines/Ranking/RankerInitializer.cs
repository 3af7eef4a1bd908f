using System.Numerics;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Deterministic initial parameters: embeddings uniform ±0.05, weights He-uniform, biases 0.</summary>
internal static class RankerInitializer
{
    public static T[] Initialize<T>(RankerArchitecture a, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        var p = new T[a.ParameterCount];
        var random = new Random(seed);
        Fill(p.AsSpan(a.CategoryEmbeddingAt, a.Categories * a.Embedding), 0.05, random);
        Fill(p.AsSpan(a.EventEmbeddingAt, a.EventTypes * a.Embedding), 0.05, random);
        Fill(p.AsSpan(a.W1At, a.InputWidth * a.Hidden1), Math.Sqrt(6.0 / a.InputWidth), random);
        Fill(p.AsSpan(a.W2At, a.Hidden1 * a.Hidden2), Math.Sqrt(6.0 / a.Hidden1), random);
        Fill(p.AsSpan(a.W3At, a.Hidden2), Math.Sqrt(6.0 / a.Hidden2), random);
        return p;
    }

    private static void Fill<T>(Span<T> block, double limit, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = T.CreateTruncating(((random.NextDouble() * 2) - 1) * limit);
        }
    }
}
