namespace RecsysBatch.Pipelines.Influence;

/// <summary>The candidate learners of a nuisance model (propensity e, outcome models m1 and m0).</summary>
internal enum NuisanceLearner
{
    /// <summary><see cref="LogisticModel"/>: additive on the standardised (log) features; stable, cannot bend.</summary>
    Logistic,

    /// <summary><see cref="TreeModel"/>: boosted trees; follows thresholds and interactions the logistic cannot.</summary>
    FastTree,
}
