using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace RecsysBatch.Pipelines.Artifacts;

/// <summary>
/// Reads what <see cref="ArtifactWriter"/> wrote. Every malformed input (a stream that ends early, a count that does
/// not fit the bytes left, a bad boolean) is an <see cref="InvalidDataException"/> naming the artifact format, never
/// a huge allocation or an <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class ArtifactReader : IDisposable
{
    private readonly BinaryReader _reader;
    private readonly Stream _stream;
    private readonly string _format;

    public ArtifactReader(Stream stream, string format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _format = format;
        _reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    public InvalidDataException Corrupt(string reason) => new($"{_format}: {reason}.");

    public int ReadInt32() => Guard(_reader.ReadInt32);

    public float ReadSingle() => Guard(_reader.ReadSingle);

    public double ReadDouble() => Guard(_reader.ReadDouble);

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"boolean byte {other}")),
    };

    public string ReadString() => Guard(_reader.ReadString);

    public T[] ReadArray<T>()
        where T : unmanaged
    {
        var count = ReadInt32();
        var bytes = (long)count * Unsafe.SizeOf<T>();
        if (count < 0 || (_stream.CanSeek && bytes > _stream.Length - _stream.Position))
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"array of {count} values does not fit the bytes left"));
        }

        var values = new T[count];
        var span = MemoryMarshal.AsBytes(values.AsSpan());
        if (_stream.ReadAtLeast(span, span.Length, throwOnEndOfStream: false) < span.Length)
        {
            throw Corrupt("it ends early");
        }

        return values;
    }

    public T[]? ReadNullableArray<T>()
        where T : unmanaged => ReadBoolean() ? ReadArray<T>() : null;

    public void Dispose() => _reader.Dispose();

    private byte ReadByte() => Guard(_reader.ReadByte);

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException)
        {
            throw Corrupt("it ends early");
        }
        catch (FormatException ex)
        {
            throw Corrupt(ex.Message);
        }
    }
}
