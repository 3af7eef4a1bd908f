namespace RecsysBatch.Pipelines.Factorization;

/// <summary>λ and α of the factorize stage's ALS: chosen by <see cref="AlsSearch"/>, explicit, or the fallback when no inner window could be scored.</summary>
/// <param name="Lambda">L2 regularisation used.</param>
/// <param name="Alpha">Confidence weight used.</param>
/// <param name="Grid">The grid points the search scored (not always every one), in grid order; empty without a search.</param>
/// <param name="Seconds">Wall-clock seconds of the search.</param>
/// <param name="Users">Users scored in the inner validation window.</param>
internal sealed record AlsChoice(double Lambda, double Alpha, IReadOnlyList<AlsGridPoint> Grid, double Seconds, int Users)
{
    public bool Searched => Grid.Count > 0;
}
