using Microsoft.ML;

namespace RecsysBatch.Pipelines.Features;

/// <summary>A loaded feature transform and the frame schema it was fitted on.</summary>
internal sealed class FeatureTransform(ITransformer transformer, DataViewSchema inputSchema)
{
    public ITransformer Transformer { get; } = transformer;

    public DataViewSchema InputSchema { get; } = inputSchema;

    /// <summary>Adds the Features column to a frame with the fitted columns (e.g. the DataFrame of FeatureKeys.UserFrame).</summary>
    public IDataView Apply(IDataView frame) => Transformer.Transform(frame);
}
