using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// A nuisance model: ML.NET FastTree boosted trees (binary, Platt-calibrated) on the same features as
/// <see cref="LogisticModel"/>, the kind of flexible learner EconML's DRLearner uses for its nuisances. It can follow a
/// threshold or an interaction of the confounders that an additive logistic averages away, which leaves bias in
/// the AIPW estimate when the propensity is also wrong. A training set with one class only, or too small for a
/// few leaves, predicts its smoothed rate.
/// </summary>
internal static class TreeModel
{
    public const string Name = "fasttree";

    /// <summary>Fewest rows per leaf: rare purchases (a few hundred) must not be fitted one by one.</summary>
    private const int MinLeafRows = 50;

    public static double[] FitPredict(MLContext ml, NuisanceData data, bool[] label, IReadOnlyList<int> train, IReadOnlyList<int> predict)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(predict);
        var positives = train.Count(r => label[r]);
        if (positives == 0 || positives == train.Count || predict.Count == 0 || train.Count < 4 * MinLeafRows)
        {
            return NuisanceViews.ConstantRate(positives, train.Count, predict.Count);
        }

        var view = NuisanceViews.Training(data, label, train);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            // Few small trees: enough to bend at a threshold, cheap enough for 3 models x folds x behaviours, and
            // large leaves so rare outcomes are not memorised (the held-out selection catches it when they are).
            NumberOfTrees = 60,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = MinLeafRows,
            LearningRate = 0.1,
            // One thread: the same rows and seed must give the very same trees on any machine.
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(view);
        var scored = model.Transform(NuisanceViews.Prediction(data, predict));
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)p)];
    }
}
