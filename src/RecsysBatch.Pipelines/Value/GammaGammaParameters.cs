namespace RecsysBatch.Pipelines.Value;

/// <summary>Gamma-Gamma spend parameters: a transaction's spend ~ Gamma(p, nu), nu ~ Gamma(q, gamma) across customers.</summary>
internal sealed record GammaGammaParameters(double P, double Q, double Gamma)
{
    public static GammaGammaParameters FromLog(IReadOnlyList<double> theta) =>
        new(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
}
