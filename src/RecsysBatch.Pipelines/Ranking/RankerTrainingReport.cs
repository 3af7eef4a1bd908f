namespace RecsysBatch.Pipelines.Ranking;

/// <summary>What training did: validation log-loss per epoch and the epoch whose parameters were kept.</summary>
internal sealed record RankerTrainingReport(IReadOnlyList<double> TrainLoss, IReadOnlyList<double> ValidationLoss, int BestEpoch)
{
    public int Epochs => ValidationLoss.Count;

    public double BestValidationLoss => ValidationLoss[BestEpoch];
}
