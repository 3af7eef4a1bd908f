using Microsoft.ML;
using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Out-of-fold nuisance predictions for one treatment: propensity e(X) = P(T = 1 | X) and outcome models
/// m1(X) = P(Y = 1 | X, T = 1), m0(X) = P(Y = 1 | X, T = 0), each unit predicted by models that never saw its
/// user (folds are by user), so the AIPW score of a unit does not reuse its own outcome.
/// </summary>
internal sealed record CrossFit(double[] Propensity, double[] Mu1, double[] Mu0)
{
    /// <summary>Per fold and nuisance model, the learner that predicted it (see <see cref="NuisanceSelector"/>).</summary>
    public IReadOnlyList<NuisanceChoice> Choices { get; init; } = [];

    /// <summary>Training rows of all nuisance models of all folds before the size rule (<see cref="NuisanceCap"/>).</summary>
    public long AvailableRows { get; init; }

    /// <summary>Training rows the nuisance models were fitted on, summed over models and folds.</summary>
    public long TrainRows { get; init; }

    /// <param name="validation">Per unit, whether its user is in the inner validation part the learners are compared on.</param>
    /// <param name="forced">The learner of every model (option nuisance), or null to choose per fold and model.</param>
    /// <param name="cap">The size rule of the training sets.</param>
    /// <param name="fitted">Called after each fold with the folds done.</param>
    public static CrossFit Run(MLContext ml, NuisanceData features, bool[] treated, bool[] outcome, int[] fold, int folds, IReadOnlyList<int> rows, bool[] validation, NuisanceLearner? forced,
        NuisanceCap cap, Action<int>? fitted = null)
    {
        var parts = new List<CrossFitFold>();
        for (var k = 0; k < folds; k++)
        {
            if (Fold(ml, features, treated, outcome, fold, k, rows, validation, forced, cap) is { } part)
            {
                parts.Add(part);
                fitted?.Invoke(k + 1);
            }
        }

        return Combine(treated.Length, parts);
    }

    /// <summary>
    /// Fold <paramref name="k"/> alone: the three nuisance models trained on the other folds' units of
    /// <paramref name="rows"/>, predicting this fold's; null when the fold has none. A fold's predictions depend only
    /// on the units and their folds, so the folds can be fitted apart (on different servers) and combined.
    /// </summary>
    public static CrossFitFold? Fold(MLContext ml, NuisanceData features, bool[] treated, bool[] outcome, int[] fold, int k, IReadOnlyList<int> rows, bool[] validation, NuisanceLearner? forced,
        NuisanceCap cap)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(cap);
        var test = rows.Where(r => fold[r] == k).ToArray();
        if (test.Length == 0)
        {
            return null;
        }

        var choices = new List<NuisanceChoice>();
        var parameters = features.Width + 1;
        var train = rows.Where(r => fold[r] != k).ToArray();
        int[][] sets = [train, [.. train.Where(r => treated[r])], [.. train.Where(r => !treated[r])]];
        var labels = new[] { treated, outcome, outcome };
        var kinds = new[] { NuisanceChoice.Propensity, NuisanceChoice.OutcomeTreated, NuisanceChoice.OutcomeControl };
        var predictions = new double[sets.Length][];
        var availableRows = new long[sets.Length];
        var trainRows = new long[sets.Length];
        for (var m = 0; m < sets.Length; m++)
        {
            var kept = cap.Rows(sets[m], labels[m], parameters);
            availableRows[m] = sets[m].Length;
            trainRows[m] = kept.Length;
            predictions[m] = NuisanceSelector.FitPredict(ml, features, labels[m], kept, test, validation, forced, kinds[m], choices);
        }

        return new CrossFitFold(k, test, predictions[0], predictions[1], predictions[2], choices, availableRows, trainRows);
    }

    /// <summary>The cross-fit of <paramref name="units"/> units from its folds' parts, in fold order (units no fold predicts keep a NaN propensity).</summary>
    public static CrossFit Combine(int units, IEnumerable<CrossFitFold> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var e = new double[units];
        var mu1 = new double[units];
        var mu0 = new double[units];
        var choices = new List<NuisanceChoice>();
        long available = 0, used = 0;
        Array.Fill(e, double.NaN);
        foreach (var part in parts)
        {
            Scatter(e, part.Test, part.Propensity);
            Scatter(mu1, part.Test, part.Mu1);
            Scatter(mu0, part.Test, part.Mu0);
            choices.AddRange(part.Choices);
            available += part.AvailableRows.Sum();
            used += part.TrainRows.Sum();
        }

        return new CrossFit(e, mu1, mu0) { Choices = choices, AvailableRows = available, TrainRows = used };
    }

    /// <summary>Fold of each unit from its user: a fixed hash, so the split does not depend on the row order.</summary>
    public static int[] UserFolds(int[] user, int folds, int seed) =>
        [.. user.Select(u => (int)(UserHash.Of(u, seed) % (ulong)folds))];

    private static void Scatter(double[] target, int[] rows, double[] values)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            target[rows[i]] = values[i];
        }
    }
}
