using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The ML.NET transform from a feature frame to the float vector <see cref="FeatureKeys.FeaturesColumn"/>:
/// Int32 then Double feature columns → Single → missing values (NaN) replaced by the slot mean →
/// sign(x)·ln(1 + |x|) (counts and amounts are heavy-tailed) → mean-variance normalisation.
/// Training and scoring stages load the saved transform so they apply exactly what featurize fitted.
/// </summary>
internal static class FeatureTransforms
{
    /// <summary>Rows the normalisers are fitted on at most (a deterministic stride sample of the frame).</summary>
    public const int MaxFitRows = 20_000;

    private const string IntColumn = "IntFeatures";
    private const string IntSingleColumn = "IntFeaturesSingle";
    private const string DoubleColumn = "DoubleFeatures";
    private const string DoubleSingleColumn = "DoubleFeaturesSingle";
    private const string RawColumn = "RawFeatures";
    private const string LogColumn = "LogFeatures";

    public static IEstimator<ITransformer> CreateEstimator(MLContext ml, IReadOnlyList<string> intFeatures, IReadOnlyList<string> doubleFeatures)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(intFeatures);
        ArgumentNullException.ThrowIfNull(doubleFeatures);
        if (intFeatures.Count == 0 || doubleFeatures.Count == 0)
        {
            throw new ArgumentException("The feature transform needs Int32 and Double feature columns.", nameof(intFeatures));
        }

        return ml.Transforms.Concatenate(IntColumn, [.. intFeatures])
            .Append(ml.Transforms.Conversion.ConvertType(IntSingleColumn, IntColumn, DataKind.Single))
            .Append(ml.Transforms.Concatenate(DoubleColumn, [.. doubleFeatures]))
            .Append(ml.Transforms.Conversion.ConvertType(DoubleSingleColumn, DoubleColumn, DataKind.Single))
            .Append(ml.Transforms.Concatenate(RawColumn, IntSingleColumn, DoubleSingleColumn))
            .Append(ml.Transforms.ReplaceMissingValues(RawColumn, RawColumn, MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.Expression(LogColumn, "x => sign(x) * log(abs(x) + 1)", RawColumn))
            .Append(ml.Transforms.NormalizeMeanVariance(FeatureKeys.FeaturesColumn, LogColumn, fixZero: false));
    }

    public static void Save(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ml.Model.Save(transformer, inputSchema, path);
    }

    /// <summary>Loads a transform saved by the featurize stage (a missing or unreadable file is a user error).</summary>
    public static FeatureTransform Load(string path, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RecsysException($"{path}: feature transform not found (the featurize stage of this run writes it).");
        }

        var ml = new MLContext(seed);

        // The expression transform lives in an assembly a fresh process may not have loaded yet.
        ml.ComponentCatalog.RegisterAssembly(typeof(ExpressionEstimator).Assembly);
        try
        {
            var transformer = ml.Model.Load(path, out var inputSchema);
            return new FeatureTransform(transformer, inputSchema);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new RecsysException($"{path}: not a readable feature transform: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the Features vectors of a transformed view, row after row, as one flat array (rows × dimension).</summary>
    public static float[] ReadFeatures(IDataView transformed, out int dimension)
    {
        ArgumentNullException.ThrowIfNull(transformed);
        var column = transformed.Schema[FeatureKeys.FeaturesColumn];
        dimension = column.Type is VectorDataViewType vector ? vector.Size : 1;
        var result = new List<float>();
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        var dense = new float[dimension];
        while (cursor.MoveNext())
        {
            getter(ref values);
            values.CopyTo(dense);
            result.AddRange(dense);
        }

        return [.. result];
    }
}
