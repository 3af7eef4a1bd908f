using System.Buffers.Text;
using System.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Writes canonical events.csv rows straight into a byte buffer: no strings, no culture, so the bytes depend only
/// on the values and the writer keeps well above a million rows per second.
/// </summary>
internal sealed class EventCsvWriter
{
    public const string Header = "user_id,item_id,category_id,event_type,ts,value";

    private const int BufferSize = 1 << 16;
    private const int MaxRowBytes = 128;

    private static readonly byte[][] TypeNames = EventTypes.All.Select(name => Encoding.ASCII.GetBytes(name)).ToArray();

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _dayPrefix = new byte[11];
    private int _length;

    public EventCsvWriter(Stream output)
    {
        _output = output;
        var header = Encoding.ASCII.GetBytes(Header + "\n");
        header.CopyTo(_buffer, 0);
        _length = header.Length;
    }

    /// <summary>Sets the date part ("2026-10-01T") used by the following rows.</summary>
    public void SetDay(DateOnly day)
    {
        var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T";
        Encoding.ASCII.GetBytes(text, _dayPrefix);
    }

    public void Write(int user, int item, int category, EventType type, int secondOfDay, long cents)
    {
        if (_length > BufferSize - MaxRowBytes)
        {
            _output.Write(_buffer, 0, _length);
            _length = 0;
        }

        var span = _buffer.AsSpan(_length);
        var at = 0;
        at += Id(span[at..], (byte)'u', user);
        span[at++] = (byte)',';
        at += Id(span[at..], (byte)'i', item);
        span[at++] = (byte)',';
        at += Id(span[at..], (byte)'c', category);
        span[at++] = (byte)',';
        TypeNames[(int)type].CopyTo(span[at..]);
        at += TypeNames[(int)type].Length;
        span[at++] = (byte)',';
        _dayPrefix.CopyTo(span[at..]);
        at += _dayPrefix.Length;
        at += TwoDigits(span[at..], secondOfDay / 3600);
        span[at++] = (byte)':';
        at += TwoDigits(span[at..], secondOfDay / 60 % 60);
        span[at++] = (byte)':';
        at += TwoDigits(span[at..], secondOfDay % 60);
        span[at++] = (byte)'Z';
        span[at++] = (byte)',';
        if (type == EventType.Purchase)
        {
            Utf8Formatter.TryFormat(cents / 100, span[at..], out var written);
            at += written;
            span[at++] = (byte)'.';
            at += TwoDigits(span[at..], (int)(cents % 100));
        }

        span[at++] = (byte)'\n';
        _length += at;
    }

    /// <summary>Writes what is buffered and flushes the stream; call once at the end (and it is safe more often).</summary>
    public void Flush()
    {
        _output.Write(_buffer, 0, _length);
        _length = 0;
        _output.Flush();
    }

    private static int Id(Span<byte> span, byte prefix, int id)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(id, span[1..], out var written);
        return written + 1;
    }

    private static int TwoDigits(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + (value / 10));
        span[1] = (byte)('0' + (value % 10));
        return 2;
    }
}
