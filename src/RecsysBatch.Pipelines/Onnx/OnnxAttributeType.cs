namespace RecsysBatch.Pipelines.Onnx;

/// <summary>onnx.proto's AttributeProto.AttributeType values for the kinds this writer supports.</summary>
internal enum OnnxAttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Ints = 7,
}
