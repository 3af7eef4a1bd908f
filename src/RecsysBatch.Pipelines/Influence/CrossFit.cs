using Microsoft.ML;

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
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(cap);
        var n = treated.Length;
        var e = new double[n];
        var mu1 = new double[n];
        var mu0 = new double[n];
        var choices = new List<NuisanceChoice>();
        long available = 0, used = 0;
        var parameters = features.Width + 1;
        Array.Fill(e, double.NaN);
        for (var k = 0; k < folds; k++)
        {
            var test = rows.Where(r => fold[r] == k).ToArray();
            if (test.Length == 0)
            {
                continue;
            }

            var train = rows.Where(r => fold[r] != k).ToArray();
            int[][] sets = [train, [.. train.Where(r => treated[r])], [.. train.Where(r => !treated[r])]];
            var labels = new[] { treated, outcome, outcome };
            var kinds = new[] { NuisanceChoice.Propensity, NuisanceChoice.OutcomeTreated, NuisanceChoice.OutcomeControl };
            var targets = new[] { e, mu1, mu0 };
            for (var m = 0; m < sets.Length; m++)
            {
                var kept = cap.Rows(sets[m], labels[m], parameters);
                available += sets[m].Length;
                used += kept.Length;
                Scatter(targets[m], test, NuisanceSelector.FitPredict(ml, features, labels[m], kept, test, validation, forced, kinds[m], choices));
            }

            fitted?.Invoke(k + 1);
        }

        return new CrossFit(e, mu1, mu0) { Choices = choices, AvailableRows = available, TrainRows = used };
    }

    /// <summary>Fold of each unit from its user: a fixed hash, so the split does not depend on the row order.</summary>
    public static int[] UserFolds(int[] user, int folds, int seed) =>
        [.. user.Select(u => (int)(Mix((ulong)(uint)u ^ ((ulong)(uint)seed << 32)) % (ulong)folds))];

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void Scatter(double[] target, int[] rows, double[] values)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            target[rows[i]] = values[i];
        }
    }
}
