using System.Buffers;
using System.Globalization;
using System.Text;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Text taken from input files, made safe to store and to show: control characters are written as <c>\xNN</c>
/// (so no NUL reaches a warehouse, where DuckDB would cut the text at it and PostgreSQL would change it, and no
/// terminal escape reaches an error message), and text that is cut says so.
/// </summary>
internal static class InputText
{
    /// <summary>C0 controls and DEL: never valid in an id or an event type.</summary>
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)0x7F]);

    public static bool HasControl(ReadOnlySpan<byte> bytes) => bytes.ContainsAny(ControlBytes);

    /// <summary>
    /// <paramref name="bytes"/> (the first bytes of a text of <paramref name="totalBytes"/> bytes) decoded leniently,
    /// controls escaped, cut to <paramref name="maxChars"/> with <paramref name="cutMark"/>(total bytes) appended when cut.
    /// </summary>
    public static string Escape(ReadOnlySpan<byte> bytes, long totalBytes, int maxChars, Func<long, string> cutMark)
    {
        // A UTF-8 character is at most 4 bytes, so this many bytes always decode to enough characters.
        var decodable = bytes[..Math.Min(bytes.Length, maxChars * 4)];
        var cut = decodable.Length < totalBytes;
        var text = Encoding.UTF8.GetString(decodable);
        if (!cut && text.Length <= maxChars && text.AsSpan().IndexOfAnyInRange('\0', '\u001F') < 0 && !text.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
        {
            return text;
        }

        var output = new StringBuilder(Math.Min(text.Length, maxChars) + 24);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var width = char.IsControl(c) ? 4 : pair ? 2 : 1;
            if (output.Length + width > maxChars)
            {
                cut = true;
                break;
            }

            if (char.IsControl(c))
            {
                output.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                output.Append(c);
                if (pair)
                {
                    output.Append(text[++i]);
                }
            }
        }

        return cut ? output.Append(cutMark(totalBytes)).ToString() : output.ToString();
    }

    /// <summary>Text for an error message: controls escaped, cut to <paramref name="maxChars"/> with "...".</summary>
    public static string Printable(string text, int maxChars) =>
        Escape(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetByteCount(text), maxChars, _ => "...");
}
