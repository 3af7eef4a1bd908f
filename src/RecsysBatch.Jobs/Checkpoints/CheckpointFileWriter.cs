using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Writes one checkpoint file: a header (magic, format, codec id), then little-endian primitives and raw spans,
/// checksummed on the way out. Raw spans keep floats and doubles bit-exact and write millions of values per call.
/// </summary>
internal sealed class CheckpointFileWriter : IDisposable
{
    public const int FormatVersion = 1;

    /// <summary>"RBCK": RecsysBatch checkpoint.</summary>
    public static ReadOnlySpan<byte> Magic => "RBCK"u8;

    private const int StringChunkBytes = 16 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly Checksum64 _checksum = new();
    private readonly byte[] _scratch = new byte[8];
    private long _written;

    public CheckpointFileWriter(Stream stream, string codec)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Checkpoint files are written with little-endian raw spans.");
        }

        _stream = stream;
        WriteBytes(Magic);
        WriteInt32(FormatVersion);
        WriteString(codec);
    }

    /// <summary>Creates the file (it must not exist yet) with a large buffer.</summary>
    public static CheckpointFileWriter Create(string path, string codec) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20), codec);

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _checksum.Append(bytes);
        _written += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        _scratch[0] = value;
        WriteBytes(_scratch.AsSpan(0, 1));
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 4));
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 8));
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    /// <summary>Count, then the values as they lie in memory.</summary>
    public void WriteArray<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        WriteInt32(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }

    /// <summary>A null flag then <see cref="WriteArray{T}"/>.</summary>
    public void WriteNullableArray<T>(T[]? values)
        where T : unmanaged
    {
        WriteBoolean(values is not null);
        if (values is not null)
        {
            WriteArray<T>(values);
        }
    }

    /// <summary>One string as UTF-16 code units (exact for any string, lone surrogates included); -1 marks null.</summary>
    public void WriteString(string? value)
    {
        WriteInt32(value?.Length ?? -1);
        if (value is not null)
        {
            WriteBytes(MemoryMarshal.AsBytes(value.AsSpan()));
        }
    }

    /// <summary>
    /// Many strings (ids, raw lines) as chunks of one UTF-8 blob plus byte lengths (-1: null): one write per chunk
    /// instead of one per string. A chunk holding a string UTF-8 cannot encode exactly is stored as UTF-16.
    /// </summary>
    public void WriteStrings(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        WriteInt32(values.Count);
        var start = 0;
        while (start < values.Count)
        {
            var end = start;
            long chars = 0;
            while (end < values.Count && (end == start || chars + (values[end]?.Length ?? 0) <= StringChunkBytes / 3))
            {
                chars += values[end]?.Length ?? 0;
                end++;
            }

            WriteStringChunk(values, start, end);
            start = end;
        }
    }

    /// <summary>Flushes (a file to disk) and returns the file's length and checksum for the manifest.</summary>
    public (long Length, ulong Checksum) Complete()
    {
        DurableFile.Flush(_stream);
        return (_written, _checksum.Finish());
    }

    public void Dispose() => _stream.Dispose();

    private void WriteStringChunk(IReadOnlyList<string?> values, int start, int end)
    {
        var count = end - start;
        var lengths = new int[count];
        var utf8 = true;
        var total = 0L;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var value = values[start + i];
                lengths[i] = value is null ? -1 : StrictUtf8.GetByteCount(value);
                total += Math.Max(lengths[i], 0);
            }
        }
        catch (EncoderFallbackException)
        {
            utf8 = false;
        }

        if (!utf8)
        {
            total = 0;
            for (var i = 0; i < count; i++)
            {
                var value = values[start + i];
                lengths[i] = value is null ? -1 : value.Length * 2;
                total += Math.Max(lengths[i], 0);
            }
        }

        var blob = new byte[total];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (values[start + i] is not { } value)
            {
                continue;
            }

            at += utf8
                ? StrictUtf8.GetBytes(value, blob.AsSpan(at))
                : CopyUtf16(value, blob.AsSpan(at));
        }

        WriteInt32(count);
        WriteBoolean(utf8);
        WriteArray<int>(lengths);
        WriteArray<byte>(blob);
    }

    private static int CopyUtf16(string value, Span<byte> destination)
    {
        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
