namespace RecsysBatch.Pipelines.Value;

/// <summary>The candidate predictions for one anchor's customers; Learned and Blend are null when the learned model was not trained.</summary>
internal sealed record ValuePredictions(double[] BgNbd, double[]? Learned)
{
    public const string BgNbdName = "bgnbd";
    public const string BlendName = "blend";

    public double[]? Blend => Learned is null ? null : [.. BgNbd.Select((b, i) => (b + Learned[i]) / 2)];

    public double[]? Get(string model) => model switch
    {
        BgNbdName => BgNbd,
        LearnedValueModel.Name => Learned,
        BlendName => Blend,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown value model."),
    };
}
