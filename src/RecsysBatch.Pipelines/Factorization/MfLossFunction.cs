namespace RecsysBatch.Pipelines.Factorization;

/// <summary>The loss of <see cref="MatrixFactorizationOptions"/>, named as ML.NET's MatrixFactorizationTrainer.LossFunctionType.</summary>
public enum MfLossFunction
{
    /// <summary>Explicit feedback (ratings): squared error on observed cells, block-parallel SGD with biases.</summary>
    SquareLossRegression = 0,

    /// <summary>Implicit feedback: weighted squared loss over all cells (Hu, Koren, Volinsky 2008), ALS with conjugate gradient.</summary>
    SquareLossOneClass = 12,
}
