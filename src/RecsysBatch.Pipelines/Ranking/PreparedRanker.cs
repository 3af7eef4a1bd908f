namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// What the rank stage's preparation leaves for the scoring shards: the ONNX model (trained or imported, already
/// checked against the contract), its version string for the recommendations table, how it was trained (for notes),
/// and the champion: the scorer that orders the recommendations with its calibration (<see cref="ScorerCalibration"/>)
/// and whether the held-out rows left the choice undecided.
/// </summary>
public sealed class PreparedRanker(byte[] model, string version, string training, ScorerCalibration calibration, bool undecided)
{
    public byte[] Model { get; } = model;

    public string Version { get; } = version;

    public string Training { get; } = training;

    /// <summary>The champion scorer (ranker, mf or popularity) and its Platt calibration.</summary>
    public ScorerCalibration Calibration { get; } = calibration;

    public bool Undecided { get; } = undecided;
}
