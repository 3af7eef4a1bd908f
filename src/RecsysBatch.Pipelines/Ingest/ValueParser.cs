using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Parses an optional numeric value (rating, amount) from UTF-8 text.</summary>
internal static class ValueParser
{
    /// <summary>
    /// Empty text is a missing value (NaN). Returns null on success, else the reject reason
    /// (unparsable or non-finite). The sign is checked later, where the event type is known.
    /// </summary>
    public static string? TryParse(ReadOnlySpan<byte> text, out double value)
    {
        text = FieldSplitter.Trim(text);
        if (text.IsEmpty)
        {
            value = double.NaN;
            return null;
        }

        if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
        {
            return double.IsFinite(value) ? null : RejectReasons.NonFiniteValue;
        }

        // The slow path knows "NaN" and "Infinity", which the fast one does not; both are non-finite rejects.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return double.IsFinite(value) ? null : RejectReasons.NonFiniteValue;
        }

        value = double.NaN;
        return IsNonFiniteSpelling(text) ? RejectReasons.NonFiniteValue : RejectReasons.UnparsableValue;
    }

    /// <summary>inf, -inf, +Infinity, nan, -NaN, ...: what other writers print for non-finite values; one reason for all.</summary>
    private static bool IsNonFiniteSpelling(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && text[0] is (byte)'+' or (byte)'-')
        {
            text = text[1..];
        }

        return Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "infinity"u8) || Ascii.EqualsIgnoreCase(text, "nan"u8)
            || text.SequenceEqual("∞"u8);
    }
}
