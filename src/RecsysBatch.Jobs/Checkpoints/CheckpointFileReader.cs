using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Reads a file written by <see cref="CheckpointFileWriter"/>: checks its length against the manifest first
/// (a truncated file fails before anything is allocated), every count against the bytes left, and the checksum at
/// the end (<see cref="Verify"/>). Every problem is a <see cref="RecsysException"/> naming the file.
/// </summary>
internal sealed class CheckpointFileReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly Checksum64 _checksum = new();
    private readonly byte[] _scratch = new byte[8];
    private readonly long _length;
    private long _read;

    public CheckpointFileReader(string path, string codec, long expectedLength)
    {
        Path = path;
        if (!File.Exists(path))
        {
            throw Corrupt("the file is missing");
        }

        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        _length = _stream.Length;
        if (_length != expectedLength)
        {
            _stream.Dispose();
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"it has {_length} bytes, the manifest says {expectedLength} (truncated or overwritten)"));
        }

        try
        {
            ReadHeader(codec);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public string Path { get; }

    private long Remaining => _length - _read;

    public RecsysException Corrupt(string reason) => new($"{Path}: corrupt checkpoint file: {reason}.");

    public void ReadBytes(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw Corrupt("it ends early");
        }

        _stream.ReadExactly(destination);
        _checksum.Append(destination);
        _read += destination.Length;
    }

    public byte ReadByte()
    {
        ReadBytes(_scratch.AsSpan(0, 1));
        return _scratch[0];
    }

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"boolean byte {other}")),
    };

    public int ReadInt32()
    {
        ReadBytes(_scratch.AsSpan(0, 4));
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    public long ReadInt64()
    {
        ReadBytes(_scratch.AsSpan(0, 8));
        return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
    }

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    /// <summary>A count that must be non-negative and fit in the bytes left at <paramref name="bytesEach"/> per element.</summary>
    public int ReadCount(int bytesEach = 0)
    {
        var count = ReadInt32();
        if (count < 0 || (long)count * bytesEach > Remaining)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"count {count} does not fit the {Remaining} bytes left"));
        }

        return count;
    }

    public T[] ReadArray<T>()
        where T : unmanaged
    {
        var values = new T[ReadCount(Unsafe.SizeOf<T>())];
        ReadBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public T[]? ReadNullableArray<T>()
        where T : unmanaged => ReadBoolean() ? ReadArray<T>() : null;

    public string? ReadString()
    {
        var length = ReadInt32();
        if (length == -1)
        {
            return null;
        }

        if (length < 0 || (long)length * 2 > Remaining)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"string length {length}"));
        }

        return string.Create(length, this, static (chars, reader) => reader.ReadBytes(MemoryMarshal.AsBytes(chars)));
    }

    public string RequireString() => ReadString() ?? throw Corrupt("a required string is null");

    public string?[] ReadStrings()
    {
        var values = new string?[ReadCount(1)];
        var at = 0;
        while (at < values.Length)
        {
            var count = ReadCount(4);
            var utf8 = ReadBoolean();
            var lengths = ReadArray<int>();
            var blob = ReadArray<byte>();
            if (count == 0 || lengths.Length != count || at + count > values.Length)
            {
                throw Corrupt("string chunk does not match its count");
            }

            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                var length = lengths[i];
                if (length == -1)
                {
                    continue;
                }

                if (length < 0 || offset + length > blob.Length || (!utf8 && length % 2 != 0))
                {
                    throw Corrupt("string length outside its chunk");
                }

                values[at + i] = utf8
                    ? Decode(blob.AsSpan(offset, length))
                    : new string(MemoryMarshal.Cast<byte, char>(blob.AsSpan(offset, length)));
                offset += length;
            }

            at += count;
        }

        return values;
    }

    /// <summary>Checks that the whole file was read and its checksum is the manifest's.</summary>
    public void Verify(ulong expectedChecksum)
    {
        if (Remaining != 0)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{Remaining} bytes left after the last value"));
        }

        var actual = _checksum.Finish();
        if (actual != expectedChecksum)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"checksum {actual:x16}, the manifest says {expectedChecksum:x16}"));
        }
    }

    public void Dispose() => _stream.Dispose();

    private void ReadHeader(string codec)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadBytes(magic);
        if (!magic.SequenceEqual(CheckpointFileWriter.Magic))
        {
            throw Corrupt("not a checkpoint file (bad magic)");
        }

        var format = ReadInt32();
        if (format != CheckpointFileWriter.FormatVersion)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"format {format}, this build reads {CheckpointFileWriter.FormatVersion}"));
        }

        var actual = ReadString();
        if (actual != codec)
        {
            throw Corrupt($"it holds '{actual}', the manifest says '{codec}'");
        }
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new RecsysException($"{Path}: corrupt checkpoint file: invalid UTF-8 ({ex.Message}).", ex);
        }
    }
}
