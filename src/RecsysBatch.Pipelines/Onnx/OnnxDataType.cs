namespace RecsysBatch.Pipelines.Onnx;

/// <summary>Element types of onnx.proto's TensorProto.DataType (the values are the wire values).</summary>
internal enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Double = 11,
}
