namespace RecsysBatch.Pipelines.Factorization;

/// <summary>What <see cref="SgdSearch"/> chose (or the explicit values passed through) and every grid point it scored.</summary>
/// <param name="Lambda">L2 regularisation the final model is trained with.</param>
/// <param name="LearningRate">First-epoch step size the final model is trained with.</param>
/// <param name="Grid">Scored grid points in grid order; empty when both values were explicit.</param>
/// <param name="Seconds">Wall-clock seconds of the search (0 without one).</param>
/// <param name="InnerSplit">Which ratings validated the search, in words (empty without one).</param>
public sealed record SgdChoice(double Lambda, double LearningRate, IReadOnlyList<SgdGridPoint> Grid, double Seconds, string InnerSplit = "")
{
    public bool Searched => Grid.Count > 0;
}
