namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// One nuisance model of one cross-fit fold: the learner that predicted the fold, and the held-out log loss of each
/// candidate on the inner validation users of that fold's training part (NaN when the learner was forced by the
/// option nuisance, or the inner split left nothing to measure on).
/// </summary>
internal sealed record NuisanceChoice(string Kind, NuisanceLearner Learner, double LogisticLoss, double TreeLoss)
{
    public const string Propensity = "propensity";
    public const string OutcomeTreated = "outcome_treated";
    public const string OutcomeControl = "outcome_control";

    public static IReadOnlyList<string> Kinds { get; } = [Propensity, OutcomeTreated, OutcomeControl];
}
