namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Per-epoch training loss and time, for tests, logs and the evaluation command.</summary>
public sealed class TrainingTrace
{
    public List<double> Loss { get; } = [];

    public List<double> Seconds { get; } = [];

    public void Add(double loss, double seconds)
    {
        Loss.Add(loss);
        Seconds.Add(seconds);
    }
}
