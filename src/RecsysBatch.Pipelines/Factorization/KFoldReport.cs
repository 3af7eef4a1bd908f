namespace RecsysBatch.Pipelines.Factorization;

/// <summary>What <see cref="MfEvaluation.KFoldAsync"/> measured: the rating set, the grid used and every fold.</summary>
/// <param name="Ratings">Rating events used (all folds together).</param>
/// <param name="Users">Users with at least one rating.</param>
/// <param name="Items">Items with at least one rating.</param>
/// <param name="Threads">Worker threads of the trainer.</param>
/// <param name="Blocks">Row and column blocks of the SGD grid.</param>
/// <param name="Folds">One result per fold, in fold order.</param>
public sealed record KFoldReport(int Ratings, int Users, int Items, int Threads, int Blocks, IReadOnlyList<FoldResult> Folds)
{
    public double MeanRmse => Folds.Average(f => f.Rmse);

    public double MeanMae => Folds.Average(f => f.Mae);

    public double StdRmse => SampleStd(Folds.Select(f => f.Rmse));

    public double StdMae => SampleStd(Folds.Select(f => f.Mae));

    public double MeanSecondsPerEpoch => Folds.Average(f => f.SecondsPerEpoch);

    private static double SampleStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
        {
            return 0;
        }

        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}
