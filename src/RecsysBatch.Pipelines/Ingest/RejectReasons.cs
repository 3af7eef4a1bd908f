using System.Globalization;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// The reasons of rejected_events. They are short and fixed (or carry one short token) so analysts can
/// group by them; the same text keys IngestSummary.RejectedByReason.
/// </summary>
internal static class RejectReasons
{
    public const string UnparsableTimestamp = "unparsable timestamp";
    public const string TimestampOutOfRange = "timestamp out of range";
    public const string FutureTimestamp = "future timestamp";
    public const string UnparsableValue = "unparsable value";
    public const string NonFiniteValue = "non-finite value";
    public const string NegativeAmount = "negative amount";
    public const string NegativeValue = "negative value";
    public const string MissingRating = "missing rating value";
    public const string EmptyUserId = "empty user id";
    public const string EmptyItemId = "empty item id";
    public const string InvalidUtf8 = "invalid UTF-8 in id";
    public const string QuoteSpansLines = "malformed line: quoted field spans lines";
    public const string StrayQuote = "malformed line: stray quote";
    public const string Duplicate = "duplicate event";
    public const string MalformedPrefix = "malformed line";

    /// <summary>
    /// Lines a format leaves out by design (not bad data): kept in rejected_events with this prefix so they are
    /// counted and can be looked at, but not counted against maxRejectedShare.
    /// </summary>
    public const string SkippedPrefix = "skipped: ";
    public const string SkippedNoCustomer = "skipped: no CustomerID";
    public const string SkippedReturnNetted = "skipped: return, netted against earlier purchases";
    public const string SkippedReturnUnmatched = "skipped: return without an earlier purchase in the file";
    public const string SkippedFullyReturned = "skipped: purchase returned in full";

    public static bool IsSkip(string reason) => reason.StartsWith(SkippedPrefix, StringComparison.Ordinal);

    /// <summary>Characters of a line kept in rejected_events.raw (escapes count as they are written).</summary>
    public const int MaxRawChars = 1000;

    private const int MaxTokenChars = 40;

    public static string FieldCount(int expected, int actual) => $"malformed line: expected {expected} fields, got {actual}";

    public static string UnparsableField(string field) => $"unparsable {field}";

    public static string ControlCharacter(string field) => $"control character in {field}";

    public static string IdTooLong(string field, int maxBytes) => $"{field} longer than {maxBytes} bytes";

    /// <summary>An event type no format knows; one with a control character says so rather than show it.</summary>
    public static string UnknownType(ReadOnlySpan<byte> text)
    {
        if (InputText.HasControl(text))
        {
            return ControlCharacter("event type");
        }

        var token = InputText.Escape(text, text.Length, MaxTokenChars, _ => "...");
        return $"unknown event type '{token}'";
    }

    /// <summary>The line as stored in rejected_events.raw: decoded leniently, controls escaped, cut visibly.</summary>
    public static string Raw(ReadOnlySpan<byte> line) => Raw(line, line.Length);

    /// <summary>As <see cref="Raw(ReadOnlySpan{byte})"/> for the first bytes of a line of <paramref name="lineBytes"/> bytes.</summary>
    public static string Raw(ReadOnlySpan<byte> start, long lineBytes) =>
        InputText.Escape(start, lineBytes, MaxRawChars, CutMark);

    private static string CutMark(long bytes) => string.Create(CultureInfo.InvariantCulture, $"…[cut, {bytes} bytes]");
}
