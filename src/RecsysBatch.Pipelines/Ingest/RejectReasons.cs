using System.Text;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// The reasons of rejected_events. They are short and fixed (or carry one short token) so analysts can
/// group by them; the same text keys IngestSummary.RejectedByReason.
/// </summary>
internal static class RejectReasons
{
    public const string UnparsableTimestamp = "unparsable timestamp";
    public const string TimestampOutOfRange = "timestamp out of range";
    public const string UnparsableValue = "unparsable value";
    public const string NonFiniteValue = "non-finite value";
    public const string NegativeAmount = "negative amount";
    public const string NegativeValue = "negative value";
    public const string MissingRating = "missing rating value";
    public const string EmptyUserId = "empty user id";
    public const string EmptyItemId = "empty item id";
    public const string InvalidUtf8 = "invalid UTF-8 in id";
    public const string UnterminatedQuote = "malformed line: unterminated quote";
    public const string Duplicate = "duplicate event";
    public const string MalformedPrefix = "malformed line";

    private const int MaxRawChars = 1000;
    private const int MaxTokenChars = 40;

    public static string FieldCount(int expected, int actual) => $"malformed line: expected {expected} fields, got {actual}";

    public static string UnparsableField(string field) => $"unparsable {field}";

    public static string UnknownType(ReadOnlySpan<byte> text)
    {
        var token = Decode(text, MaxTokenChars);
        return $"unknown event type '{token}'";
    }

    /// <summary>The line as stored in rejected_events: decoded leniently, cut to 1,000 characters.</summary>
    public static string Raw(ReadOnlySpan<byte> line) => Decode(line, MaxRawChars);

    private static string Decode(ReadOnlySpan<byte> bytes, int maxChars)
    {
        // A UTF-8 character is at most 4 bytes, so this many bytes always decode to enough characters.
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, maxChars * 4)]);
        return text.Length > maxChars ? text[..maxChars] : text;
    }
}
