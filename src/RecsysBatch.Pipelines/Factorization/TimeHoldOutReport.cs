namespace RecsysBatch.Pipelines.Factorization;

/// <summary>What <see cref="MfEvaluation.TimeHoldOutAsync"/> measured: MF and the bias baseline on the ratings of [Split, AsOf).</summary>
/// <param name="Split">First day of the test window (as-of minus the horizon).</param>
/// <param name="AsOf">End of the test window (exclusive): nothing at or after it is read.</param>
/// <param name="TrainRatings">Ratings before <paramref name="Split"/>.</param>
/// <param name="TestRatings">Ratings in [Split, AsOf).</param>
/// <param name="ColdTestRatings">Test ratings whose user or item has no training rating (scored by the fallback).</param>
/// <param name="MfRmse">RMSE of the factorization, predictions clipped to the training rating range.</param>
/// <param name="MfMae">MAE of the factorization.</param>
/// <param name="BaselineRmse">RMSE of global mean + damped user and item biases, clipped the same way.</param>
/// <param name="BaselineMae">MAE of the baseline.</param>
/// <param name="TrainSeconds">Training time of the factorization.</param>
/// <param name="SecondsPerEpoch">Mean seconds per SGD epoch.</param>
/// <param name="Choice">λ and learning rate the model was trained with, and the inner-validation search if any.</param>
public sealed record TimeHoldOutReport(
    DateOnly Split,
    DateOnly AsOf,
    int TrainRatings,
    int TestRatings,
    int ColdTestRatings,
    double MfRmse,
    double MfMae,
    double BaselineRmse,
    double BaselineMae,
    double TrainSeconds,
    double SecondsPerEpoch,
    SgdChoice Choice);
