using Microsoft.ML;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// What every nuisance learner (<see cref="LogisticModel"/>, <see cref="TreeModel"/>) needs around its trainer: the
/// training view over a slice of the shared vectors (<see cref="NuisanceDataView"/>: no copy, no object per row), the view of the rows to predict,
/// and the smoothed rate a training set with one class only predicts.
/// </summary>
internal static class NuisanceViews
{
    public static IDataView Training(NuisanceData data, bool[] label, IReadOnlyList<int> train) => new NuisanceDataView(data, label, train);

    public static IDataView Prediction(NuisanceData data, IReadOnlyList<int> predict) => new NuisanceDataView(data, null, predict);

    /// <summary>The training rows' smoothed positive rate for every row to predict.</summary>
    public static double[] ConstantRate(int positives, int trainRows, int predictRows) =>
        [.. Enumerable.Repeat((positives + 0.5) / (trainRows + 1.0), predictRows)];
}
