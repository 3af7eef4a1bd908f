namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// One cross-fit fold of one treatment: its test units (ascending), their out-of-fold propensity and outcome
/// predictions, and per nuisance model (propensity, outcome treated, outcome control, in that order) the learner
/// chosen and its training rows before and after the size rule.
/// </summary>
internal sealed record CrossFitFold(int Fold, int[] Test, double[] Propensity, double[] Mu1, double[] Mu0, IReadOnlyList<NuisanceChoice> Choices, long[] AvailableRows, long[] TrainRows);
