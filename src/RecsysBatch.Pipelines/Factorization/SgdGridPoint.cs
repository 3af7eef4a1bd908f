namespace RecsysBatch.Pipelines.Factorization;

/// <summary>One point of the SGD hyper-parameter search: its inner-validation RMSE after its last epoch.</summary>
/// <param name="Lambda">L2 regularisation tried.</param>
/// <param name="LearningRate">First-epoch step size tried.</param>
/// <param name="Rmse">Inner-validation RMSE after the last epoch (infinity when training diverged).</param>
/// <param name="Epochs">Epochs run (fewer than the search's count only when training diverged).</param>
public sealed record SgdGridPoint(double Lambda, double LearningRate, double Rmse, int Epochs);
