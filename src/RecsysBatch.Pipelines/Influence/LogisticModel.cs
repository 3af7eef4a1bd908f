using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// A nuisance model: ML.NET concatenate → mean-variance normalisation → L-BFGS logistic regression, fitted on
/// some rows and predicting P(label) on others. A training set with one class only predicts its smoothed rate.
/// </summary>
internal static class LogisticModel
{
    public const string Name = "lbfgs_logistic";
    private const string LabelColumn = "Label";
    private const string FeaturesColumn = "Features";

    public static double[] FitPredict(MLContext ml, float[][] features, bool[] label, IReadOnlyList<int> train, IReadOnlyList<int> predict)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(predict);
        var positives = train.Count(r => label[r]);
        if (positives == 0 || positives == train.Count || predict.Count == 0)
        {
            return [.. Enumerable.Repeat((positives + 0.5) / (train.Count + 1.0), predict.Count)];
        }

        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            // A little L2 keeps rare-event fits (a few hundred positives) finite; one thread keeps them deterministic.
            L2Regularization = 0.1f,
            L1Regularization = 0,
            NumberOfThreads = 1,
        });
        var estimator = ml.Transforms.Concatenate(FeaturesColumn, [.. Enumerable.Range(0, features.Length).Select(ColumnName)])
            .Append(ml.Transforms.NormalizeMeanVariance(FeaturesColumn))
            .Append(trainer);
        var model = estimator.Fit(Frame(features, label, train));
        var scored = model.Transform(Frame(features, label, predict));
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)p)];
    }

    private static DataFrame Frame(float[][] features, bool[] label, IReadOnlyList<int> rows)
    {
        var columns = new List<DataFrameColumn>(features.Length + 1)
        {
            new BooleanDataFrameColumn(LabelColumn, rows.Select(r => label[r])),
        };
        for (var f = 0; f < features.Length; f++)
        {
            var values = features[f];
            columns.Add(new SingleDataFrameColumn(ColumnName(f), rows.Select(r => values[r])));
        }

        return new DataFrame(columns);
    }

    private static string ColumnName(int f) => "f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
