using System.Globalization;
using System.Text;

namespace RecsysBatch.Host;

/// <summary>
/// Client-supplied text made safe for a log line: a user name from a failed login can be anything the client sent,
/// including line breaks that would forge further log lines, terminal escapes or bidi overrides, or megabytes.
/// </summary>
internal static class LogText
{
    public const int MaxLength = 64;

    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var cut = Math.Min(value.Length, MaxLength);
        if (cut < value.Length && char.IsHighSurrogate(value[cut - 1]))
        {
            cut--; // never half a character
        }

        var text = new StringBuilder(cut + 1);
        foreach (var c in value.AsSpan(0, cut))
        {
            var category = char.GetUnicodeCategory(c);
            text.Append(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? '?' : c);
        }

        return cut < value.Length ? text.Append('…').ToString() : text.ToString();
    }
}
