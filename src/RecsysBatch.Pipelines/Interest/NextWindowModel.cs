using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The next-window model: ML.NET FastTree regression of the next-window share of a (user, category) row on its
/// features, as one estimator chain (concatenate → FastTree) fitted on stacked training anchors.
/// </summary>
internal static class NextWindowModel
{
    public const string Name = "fasttree";
    private const string LabelColumn = "Label";
    private const string FeaturesColumn = "Features";

    public static ITransformer Train(MLContext ml, IReadOnlyList<CandidateRows> anchors, int trees)
    {
        var frame = ToFrame(anchors, withLabel: true);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfTrees = trees,
            // Small trees with large leaves: on the synthetic set and the Taobao slice a FastTree ranking (LambdaMART)
            // objective and 20-leaf trees both ranked worse on the held-out window, and these train faster.
            NumberOfLeaves = 10,
            MinimumExampleCountPerLeaf = 50,
            LearningRate = 0.1,
            // One thread: the same rows and seed must give the very same trees on any machine.
            NumberOfThreads = 1,
        });
        var estimator = ml.Transforms.Concatenate(FeaturesColumn, [.. CandidateFeatures.Names]).Append(trainer);
        return estimator.Fit(frame);
    }

    public static void Save(MLContext ml, ITransformer model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(model, ((IDataView)ToFrame([new CandidateRows()], withLabel: false)).Schema, path);
    }

    /// <summary>Predicted next-window share per row of <paramref name="rows"/>, in row order.</summary>
    public static float[] Predict(ITransformer model, CandidateRows rows)
    {
        if (rows.Rows == 0)
        {
            return [];
        }

        var scored = model.Transform(ToFrame([rows], withLabel: false));
        return [.. scored.GetColumn<float>("Score")];
    }

    public static int RowCount(IReadOnlyList<CandidateRows> anchors) => anchors.Sum(a => a.Rows);

    private static DataFrame ToFrame(IReadOnlyList<CandidateRows> anchors, bool withLabel)
    {
        var rows = RowCount(anchors);
        var columns = new List<DataFrameColumn>();
        for (var f = 0; f < CandidateFeatures.Count; f++)
        {
            var values = new float[rows];
            var r = 0;
            foreach (var anchor in anchors)
            {
                for (var i = 0; i < anchor.Rows; i++)
                {
                    values[r++] = anchor.Feature(i, f);
                }
            }

            columns.Add(new SingleDataFrameColumn(CandidateFeatures.Names[f], values));
        }

        if (withLabel)
        {
            columns.Add(new SingleDataFrameColumn(LabelColumn, anchors.SelectMany(a => a.Label)));
        }

        return new DataFrame(columns);
    }
}
