namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The champion of one run: the scorer that orders the recommendations, whether the held-out rows could not separate
/// the best from the runner-up (the best orders all the same, flagged undecided), each scorer's held-out
/// AUC, and best − runner-up AUC with its user-bootstrap 95 % interval (NaN without both classes).
/// </summary>
internal sealed record RankChampionChoice(
    string Scorer, bool Undecided, string Best, string RunnerUp, IReadOnlyDictionary<string, double> Auc, double Difference, double Low, double High);
