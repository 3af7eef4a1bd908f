namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// How the stage's units are split for the nuisance models: cross-fit fold per unit, whether the unit's user is
/// in the inner validation part the learners are compared on, and the learner forced by the option nuisance (null: auto).
/// </summary>
internal sealed record NuisanceSplit(int[] Folds, bool[] Validation, NuisanceLearner? Forced);
