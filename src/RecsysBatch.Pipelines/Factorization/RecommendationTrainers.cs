namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Trainers of <see cref="RecommendationCatalog"/>.</summary>
public sealed class RecommendationTrainers
{
#pragma warning disable CA1822 // Catalog methods are instance methods, as in ML.NET.
    public MatrixFactorizationEstimator MatrixFactorization(MatrixFactorizationOptions options) => new(options);

    /// <summary>The estimator with its per-epoch trace on or off and, for SGD, an observer that may stop training early.</summary>
    public MatrixFactorizationEstimator MatrixFactorization(MatrixFactorizationOptions options, bool recordTrace, Func<FactorModel, bool>? afterEpoch = null) =>
        new(options) { RecordTrace = recordTrace, AfterEpoch = afterEpoch };

    public MatrixFactorizationEstimator MatrixFactorization(string labelColumnName, string matrixColumnIndexColumnName, string matrixRowIndexColumnName, int approximationRank = 64, double learningRate = 0.01, int numberOfIterations = 60) =>
        new(new MatrixFactorizationOptions
        {
            LabelColumnName = labelColumnName,
            MatrixColumnIndexColumnName = matrixColumnIndexColumnName,
            MatrixRowIndexColumnName = matrixRowIndexColumnName,
            ApproximationRank = approximationRank,
            LearningRate = learningRate,
            NumberOfIterations = numberOfIterations,
        });
#pragma warning restore CA1822
}
