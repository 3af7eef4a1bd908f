namespace RecsysBatch.Pipelines.Onnx;

/// <summary>A dimension of a graph input or output: a fixed size, or a named symbolic size (e.g. "batch").</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Symbolic(string name) => new(0, name);
}
