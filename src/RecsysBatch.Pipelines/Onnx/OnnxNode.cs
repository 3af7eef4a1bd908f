namespace RecsysBatch.Pipelines.Onnx;

/// <summary>One operator application: op type (default domain unless given), input and output value names, attributes.</summary>
internal sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    public string Name { get; init; } = "";

    public string Domain { get; init; } = "";

    public IReadOnlyList<OnnxAttribute> Attributes { get; init; } = [];
}
