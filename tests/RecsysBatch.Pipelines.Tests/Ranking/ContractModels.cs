using RecsysBatch.Pipelines.Onnx;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// Minimal "third-party" models for contract checks: the given inputs (most unused), probability =
/// Sigmoid(ReduceSum(first input over axis 1, keepdims)). Lets a test change one input's name, type or shape.
/// </summary>
internal static class ContractModels
{
    public static byte[] Build(RankerContract contract, Func<RankerTensorSpec, OnnxValueInfo?>? edit = null, long batch = -1)
    {
        var graph = new OnnxGraph { Name = "third_party" };
        foreach (var spec in contract.Inputs)
        {
            var value = edit?.Invoke(spec) ?? Default(spec, batch);
            graph.Inputs.Add(value);
        }

        graph.Initializers.Add(OnnxTensor.Int64s("axes", [1], [1]));
        graph.Nodes.Add(new OnnxNode("ReduceSum", [graph.Inputs[0].Name, "axes"], ["sum"]) { Attributes = [OnnxAttribute.OfInt("keepdims", 1)] });
        graph.Nodes.Add(new OnnxNode("Sigmoid", ["sum"], [RankerInputs.Probability]));
        graph.Outputs.Add(new OnnxValueInfo(RankerInputs.Probability, OnnxDataType.Float, [Dim(-1, batch), OnnxDim.Fixed(1)]));
        return OnnxModelWriter.Write(graph);
    }

    public static OnnxValueInfo Default(RankerTensorSpec spec, long batch = -1, string? name = null, OnnxDataType? type = null) => new(
        name ?? spec.Name,
        type ?? (spec.ElementType == "int64" ? OnnxDataType.Int64 : OnnxDataType.Float),
        [.. spec.Shape.Select(d => Dim(d, batch))]);

    private static OnnxDim Dim(long d, long batch) =>
        d != RankerTensorSpec.BatchAxis ? OnnxDim.Fixed(d) : batch < 0 ? OnnxDim.Symbolic("batch") : OnnxDim.Fixed(batch);
}
