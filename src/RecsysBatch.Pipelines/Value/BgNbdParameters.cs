namespace RecsysBatch.Pipelines.Value;

/// <summary>BG/NBD parameters: purchase rate ~ Gamma(r, alpha) (alpha in time units), dropout p ~ Beta(a, b).</summary>
internal sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    public static BgNbdParameters FromLog(IReadOnlyList<double> theta) =>
        new(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
}
