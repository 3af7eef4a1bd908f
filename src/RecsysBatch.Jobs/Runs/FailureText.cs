using System.Globalization;
using System.Text;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The one-line form of a failure for job_runs.error and the CLI's failure line: line breaks become spaces and every
/// other non-printable character (control characters, format characters such as bidi overrides, lone surrogates)
/// is escaped as \xNN or \uNNNN, so a quoted input line can neither break the line nor smuggle terminal escapes.
/// </summary>
internal static class FailureText
{
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.ReplaceLineEndings(" ");
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || !NeedsEscape(c))
            {
                escaped?.Append(c);
                if (pair)
                {
                    escaped?.Append(text[++i]);
                }

                continue;
            }

            escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            escaped.Append(c <= 0xFF
                ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
        }

        return escaped?.ToString() ?? text;
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
