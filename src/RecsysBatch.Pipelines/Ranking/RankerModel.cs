namespace RecsysBatch.Pipelines.Ranking;

/// <summary>A trained reference ranker: architecture, float parameters, and its C# forward pass.</summary>
internal sealed class RankerModel
{
    public RankerModel(RankerArchitecture architecture, float[] parameters)
    {
        Network = new RankerNetwork<float>(architecture, parameters);
    }

    public RankerNetwork<float> Network { get; }

    public RankerArchitecture Architecture => Network.Architecture;

    /// <summary>P(positive) of the first <see cref="RankerBatch.Count"/> rows into <paramref name="probabilities"/>.</summary>
    public void Predict(RankerBatch batch, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var act = new RankerActivations<float>(Architecture);
        for (var row = 0; row < batch.Count; row++)
        {
            probabilities[row] = Network.Forward(batch, row, act);
        }
    }
}
