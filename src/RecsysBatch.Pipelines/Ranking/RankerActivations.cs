using System.Numerics;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Per-row intermediate values of the forward pass, kept for the backward pass, plus backward scratch.</summary>
internal sealed class RankerActivations<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public RankerActivations(RankerArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        X = new T[architecture.InputWidth];
        H1 = new T[architecture.Hidden1];
        H2 = new T[architecture.Hidden2];
        DX = new T[architecture.InputWidth];
        DH1 = new T[architecture.Hidden1];
        DH2 = new T[architecture.Hidden2];
    }

    public T[] X { get; }

    public T[] H1 { get; }

    public T[] H2 { get; }

    /// <summary>The logit before the sigmoid.</summary>
    public T Logit { get; set; }

    /// <summary>max(Σ mask, 1): the divisor of the masked means.</summary>
    public T Denominator { get; set; }

    public T[] DX { get; }

    public T[] DH1 { get; }

    public T[] DH2 { get; }
}
