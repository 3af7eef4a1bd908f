using RecsysBatch.Pipelines.Onnx;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The ONNX graph of top-K scoring: users [batch, r] × items [r, N] (an initializer, R transposed) → scores,
/// plus an optional mask [batch, N] of 0 / −∞ that removes excluded cells, then TopK along the items axis.
/// Outputs: values [batch, k] (best first; ties keep the smaller item index, as TopK specifies) and indices (int64).
/// </summary>
internal static class OnnxTopKGraph
{
    public const string Users = "users";
    public const string Mask = "mask";
    public const string Values = "values";
    public const string Indices = "indices";

    /// <param name="right">Rows of R with <paramref name="stride"/> floats each; padding columns are zero.</param>
    /// <param name="k">Items per row; at most <paramref name="columns"/>.</param>
    public static OnnxGraph Build(float[] right, int columns, int stride, int k, bool masked)
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, columns);
        var transposed = new float[stride * columns];
        for (var i = 0; i < columns; i++)
        {
            for (var c = 0; c < stride; c++)
            {
                transposed[(c * columns) + i] = right[(i * stride) + c];
            }
        }

        var batch = OnnxDim.Symbolic("batch");
        var graph = new OnnxGraph { Name = "topk_scoring" };
        graph.Initializers.Add(OnnxTensor.Floats("items", [stride, columns], transposed));
        graph.Initializers.Add(OnnxTensor.Int64s("k", [1], [k]));
        graph.Inputs.Add(new OnnxValueInfo(Users, OnnxDataType.Float, [batch, OnnxDim.Fixed(stride)]));
        graph.Nodes.Add(new OnnxNode("MatMul", [Users, "items"], ["scores"]) { Name = "product" });
        var ranked = "scores";
        if (masked)
        {
            graph.Inputs.Add(new OnnxValueInfo(Mask, OnnxDataType.Float, [batch, OnnxDim.Fixed(columns)]));
            graph.Nodes.Add(new OnnxNode("Add", ["scores", Mask], ["masked"]) { Name = "exclude" });
            ranked = "masked";
        }

        graph.Nodes.Add(new OnnxNode("TopK", [ranked, "k"], [Values, Indices])
        {
            Name = "top",
            Attributes = [OnnxAttribute.OfInt("axis", -1), OnnxAttribute.OfInt("largest", 1), OnnxAttribute.OfInt("sorted", 1)],
        });
        graph.Outputs.Add(new OnnxValueInfo(Values, OnnxDataType.Float, [batch, OnnxDim.Fixed(k)]));
        graph.Outputs.Add(new OnnxValueInfo(Indices, OnnxDataType.Int64, [batch, OnnxDim.Fixed(k)]));
        return graph;
    }
}
