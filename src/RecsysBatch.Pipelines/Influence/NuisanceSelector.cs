using Microsoft.ML;
using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Fits one nuisance model of one cross-fit fold with the learner that predicts best out of sample. Both candidates
/// are fitted on the inner-training users of the fold's training part and scored by log loss on its inner
/// validation users; the winner is refitted on the whole training part and predicts the fold. The fold being
/// predicted is never read for the choice, so the AIPW score of a unit still does not reuse its own outcome, and
/// the split is by user, so a user's other pairs cannot make a memorising tree look good.
/// </summary>
internal static class NuisanceSelector
{
    public static double[] FitPredict(MLContext ml, NuisanceData data, bool[] label, int[] train, int[] test, bool[] validation, NuisanceLearner? forced, string kind, List<NuisanceChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(choices);
        if (forced is { } learner)
        {
            choices.Add(new NuisanceChoice(kind, learner, double.NaN, double.NaN));
            return Fit(learner, ml, data, label, train, test);
        }

        var innerTrain = train.Where(r => !validation[r]).ToArray();
        var innerTest = train.Where(r => validation[r]).ToArray();
        if (innerTrain.Length == 0 || innerTest.Length == 0)
        {
            // Nothing to compare on: the logistic is the safer default (it cannot overfit a handful of rows).
            choices.Add(new NuisanceChoice(kind, NuisanceLearner.Logistic, double.NaN, double.NaN));
            return Fit(NuisanceLearner.Logistic, ml, data, label, train, test);
        }

        var labels = innerTest.Select(r => label[r]);
        var logistic = Metrics.LogLoss(labels, LogisticModel.FitPredict(ml, data, label, innerTrain, innerTest), Metrics.DoubleClip);
        var tree = Metrics.LogLoss(labels, TreeModel.FitPredict(ml, data, label, innerTrain, innerTest), Metrics.DoubleClip);
        // Ties go to the logistic: the trees must earn their variance with a strictly better held-out fit.
        var chosen = tree < logistic ? NuisanceLearner.FastTree : NuisanceLearner.Logistic;
        choices.Add(new NuisanceChoice(kind, chosen, logistic, tree));
        return Fit(chosen, ml, data, label, train, test);
    }

    private static double[] Fit(NuisanceLearner learner, MLContext ml, NuisanceData data, bool[] label, int[] train, int[] test) =>
        learner == NuisanceLearner.FastTree
            ? TreeModel.FitPredict(ml, data, label, train, test)
            : LogisticModel.FitPredict(ml, data, label, train, test);
}
