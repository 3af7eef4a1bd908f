namespace RecsysBatch.Pipelines.Onnx;

/// <summary>A computation graph: nodes in topological order, constant initializers, typed inputs and outputs.</summary>
internal sealed class OnnxGraph
{
    public string Name { get; init; } = "graph";

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    public List<OnnxValueInfo> Inputs { get; } = [];

    public List<OnnxValueInfo> Outputs { get; } = [];
}
