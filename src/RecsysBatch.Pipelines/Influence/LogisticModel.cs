using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// A nuisance model: ML.NET L-BFGS logistic regression on the standardised features of <see cref="NuisanceData"/>,
/// fitted on some rows and predicting P(label) = σ(w·x + b) on others. The training view is an in-memory, lazily
/// enumerated slice of the shared vectors (no copy, no per-fit transform pipeline). A training set with one class
/// only predicts its smoothed rate.
/// </summary>
internal static class LogisticModel
{
    public const string Name = "lbfgs_logistic";

    public static double[] FitPredict(MLContext ml, NuisanceData data, bool[] label, IReadOnlyList<int> train, IReadOnlyList<int> predict)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(predict);
        var positives = train.Count(r => label[r]);
        if (positives == 0 || positives == train.Count || predict.Count == 0)
        {
            return NuisanceViews.ConstantRate(positives, train.Count, predict.Count);
        }

        var view = NuisanceViews.Training(data, label, train);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            // A little L2 keeps rare-event fits (a few hundred positives) finite.
            L2Regularization = 0.1f,
            L1Regularization = 0,
            // With more than one thread the trainer loads the rows once and sums each evaluation over that many fixed,
            // contiguous chunks added in chunk order: deterministic on any machine (the split never depends on its
            // cores), and it skips the cursor pass per L-BFGS evaluation that the one-thread path streams, which
            // made the fits' cost grow faster than their rows (docs/scaling.md). Two: the nightly's two cores.
            NumberOfThreads = 2,
        });
        var model = trainer.Fit(view).Model;
        var weights = model.SubModel.Weights.ToArray();
        var bias = model.SubModel.Bias;
        var probabilities = new double[predict.Count];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var x = data.Rows[predict[i]];
            var score = bias;
            for (var f = 0; f < weights.Length; f++)
            {
                score += weights[f] * x[f];
            }

            probabilities[i] = model.Calibrator.PredictProbability(score);
        }

        return probabilities;
    }
}
