using Google.Protobuf;

namespace RecsysBatch.Pipelines.Onnx;

/// <summary>
/// Writes one protobuf message field by field (field number + wire type), so ONNX messages can be produced from
/// onnx.proto's field numbers without generated classes. Nested messages are written into a child writer first
/// because their length precedes them on the wire.
/// </summary>
internal sealed class ProtoWriter : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter()
    {
        _output = new CodedOutputStream(_stream, leaveOpen: true);
    }

    /// <summary>A singular string field; the proto3 default (empty) is not written.</summary>
    public void String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            RepeatedString(field, value);
        }
    }

    /// <summary>One element of a repeated string field; written even when empty (position matters, e.g. node inputs).</summary>
    public void RepeatedString(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
    }

    public void Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
    }

    public void Int32(int field, int value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt32(value);
    }

    public void Float(int field, float value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFloat(value);
    }

    public void Bytes(int field, ReadOnlyMemory<byte> value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>A repeated int64 field in packed form (one length-delimited run of varints); nothing when empty.</summary>
    public void PackedInt64(int field, IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return;
        }

        var length = 0;
        foreach (var v in values)
        {
            length += CodedOutputStream.ComputeInt64Size(v);
        }

        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(length);
        foreach (var v in values)
        {
            _output.WriteInt64(v);
        }
    }

    /// <summary>A nested message field, whose fields <paramref name="write"/> writes.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var child = new ProtoWriter();
        write(child);
        Bytes(field, child.ToArray());
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _output.Dispose();
        _stream.Dispose();
    }
}
