using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// The learned model: FastTree boosted trees with the Tweedie objective (non-negative, many zeros, a long tail: the
/// shape of per-user value). ML.NET's LightGBM regression exposes no Tweedie or Poisson objective, FastTree does.
/// One thread, so a seed gives the same trees.
/// </summary>
internal static class LearnedValueModel
{
    public const string Name = "learned";

    /// <summary>Fewest training rows with a positive label; fewer leave the model untrained.</summary>
    public const int MinPositiveRows = 10;

    public static ITransformer? Train(MLContext ml, float[][] features, double[] labels, int trees)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count(l => l > 0) < MinPositiveRows)
        {
            return null;
        }

        var rows = features.Select((f, i) => new Row { Features = f, Label = (float)labels[i] });
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
        {
            NumberOfTrees = trees,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = Math.Clamp(features.Length / 50, 5, 50),
            LearningRate = 0.05,
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }

    public static double[] Predict(MLContext ml, ITransformer model, float[][] features)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        var data = ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f }));
        var scored = model.Transform(data);
        return [.. scored.GetColumn<float>("Score").Select(s => Math.Max(0, (double)s))];
    }

    public static void Save(MLContext ml, ITransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema, path);
    }

    private sealed class Row
    {
        [VectorType(ValueFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
