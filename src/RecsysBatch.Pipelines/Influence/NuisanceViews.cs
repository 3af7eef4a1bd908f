using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// What every nuisance learner (<see cref="LogisticModel"/>, <see cref="TreeModel"/>) needs around its trainer: the
/// training view over a slice of the shared vectors (lazily enumerated, no copy), the view of the rows to predict,
/// and the smoothed rate a training set with one class only predicts.
/// </summary>
internal static class NuisanceViews
{
    public static IDataView Training(MLContext ml, NuisanceData data, bool[] label, IReadOnlyList<int> train) =>
        ml.Data.LoadFromEnumerable(train.Select(r => new Row { Label = label[r], Features = data.Rows[r] }), Schema(data));

    public static IDataView Prediction(MLContext ml, NuisanceData data, IReadOnlyList<int> predict) =>
        ml.Data.LoadFromEnumerable(predict.Select(r => new Row { Features = data.Rows[r] }), Schema(data));

    /// <summary>The training rows' smoothed positive rate for every row to predict.</summary>
    public static double[] ConstantRate(int positives, int trainRows, int predictRows) =>
        [.. Enumerable.Repeat((positives + 0.5) / (trainRows + 1.0), predictRows)];

    private static SchemaDefinition Schema(NuisanceData data)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Width);
        return schema;
    }

    /// <summary>One unit: column names are the trainers' defaults, Label and Features.</summary>
    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
