using System.Runtime.InteropServices;
using System.Text;

namespace RecsysBatch.Pipelines.Artifacts;

/// <summary>
/// Little-endian binary writing for the stages' artifact codecs (<see cref="Core.Stages.IArtifactCodec{T}"/>): counts
/// before arrays, arrays as their raw bytes, strings as UTF-8; <see cref="ArtifactReader"/> reads it back bit-exact.
/// </summary>
internal sealed class ArtifactWriter : IDisposable
{
    private readonly BinaryWriter _writer;

    public ArtifactWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
    }

    public void Write(int value) => _writer.Write(value);

    public void Write(float value) => _writer.Write(value);

    public void Write(double value) => _writer.Write(value);

    public void Write(bool value) => _writer.Write(value);

    public void Write(string value) => _writer.Write(value);

    public void Write<T>(T[] values)
        where T : unmanaged
    {
        _writer.Write(values.Length);
        _writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public void WriteNullable<T>(T[]? values)
        where T : unmanaged
    {
        _writer.Write(values is not null);
        if (values is not null)
        {
            Write(values);
        }
    }

    public void Dispose() => _writer.Dispose();
}
