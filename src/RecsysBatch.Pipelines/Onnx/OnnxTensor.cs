using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Onnx;

/// <summary>A constant tensor (initializer or attribute value), stored as little-endian raw bytes in row-major order.</summary>
internal sealed class OnnxTensor
{
    public OnnxTensor(string name, OnnxDataType type, IReadOnlyList<long> dims, ReadOnlyMemory<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(dims);
        Name = name;
        Type = type;
        Dims = dims;
        Raw = raw;
    }

    public string Name { get; }

    public OnnxDataType Type { get; }

    public IReadOnlyList<long> Dims { get; }

    public ReadOnlyMemory<byte> Raw { get; }

    public static OnnxTensor Floats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values) =>
        new(name, OnnxDataType.Float, dims, Bytes(values));

    public static OnnxTensor Int64s(string name, IReadOnlyList<long> dims, ReadOnlySpan<long> values) =>
        new(name, OnnxDataType.Int64, dims, Bytes(values));

    private static byte[] Bytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        // onnx.proto requires little-endian raw_data; every platform .NET runs this on is little-endian.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        return MemoryMarshal.AsBytes(values).ToArray();
    }
}
