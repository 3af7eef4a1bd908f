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

    /// <param name="validation">Per unit, whether its user is in the inner validation part the learners are compared on.</param>
    /// <param name="forced">The learner of every model (option nuisance), or null to choose per fold and model.</param>
    public static CrossFit Run(MLContext ml, NuisanceData features, bool[] treated, bool[] outcome, int[] fold, int folds, IReadOnlyList<int> rows, bool[] validation, NuisanceLearner? forced)
    {
        var n = treated.Length;
        var e = new double[n];
        var mu1 = new double[n];
        var mu0 = new double[n];
        var choices = new List<NuisanceChoice>();
        Array.Fill(e, double.NaN);
        for (var k = 0; k < folds; k++)
        {
            var test = rows.Where(r => fold[r] == k).ToArray();
            if (test.Length == 0)
            {
                continue;
            }

            var train = rows.Where(r => fold[r] != k).ToArray();
            Scatter(e, test, NuisanceSelector.FitPredict(ml, features, treated, train, test, validation, forced, NuisanceChoice.Propensity, choices));
            Scatter(mu1, test, NuisanceSelector.FitPredict(ml, features, outcome, [.. train.Where(r => treated[r])], test, validation, forced, NuisanceChoice.OutcomeTreated, choices));
            Scatter(mu0, test, NuisanceSelector.FitPredict(ml, features, outcome, [.. train.Where(r => !treated[r])], test, validation, forced, NuisanceChoice.OutcomeControl, choices));
        }

        return new CrossFit(e, mu1, mu0) { Choices = choices };
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
