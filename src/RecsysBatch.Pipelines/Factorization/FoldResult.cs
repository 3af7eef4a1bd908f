namespace RecsysBatch.Pipelines.Factorization;

/// <summary>One fold of <see cref="RatingCrossValidation"/>: test RMSE/MAE, training time, per-epoch seconds and the λ / learning rate used (chosen or explicit).</summary>
public sealed record FoldResult(int Fold, int TrainRatings, int TestRatings, double Rmse, double Mae, double TrainSeconds, double SecondsPerEpoch, SgdChoice Choice);
