namespace RecsysBatch.Pipelines.Onnx;

/// <summary>A typed graph input or output: a tensor of one element type and shape.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, IReadOnlyList<OnnxDim> Shape);
