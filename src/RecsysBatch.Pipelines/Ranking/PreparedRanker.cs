namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// What the rank stage's preparation leaves for the scoring shards: the ONNX model (trained or imported, already
/// checked against the contract), its version string for the recommendations table, and how it was trained (for notes).
/// </summary>
public sealed class PreparedRanker(byte[] model, string version, string training)
{
    public byte[] Model { get; } = model;

    public string Version { get; } = version;

    public string Training { get; } = training;
}
