using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// canonical CSV: a header naming user_id, item_id, event_type, ts (optional category_id, value) in any
/// order, extra columns ignored; ts is ISO-8601 or integer unix seconds. This is the performance path.
/// </summary>
internal sealed class CanonicalCsvFormat : LineFormat
{
    private CsvLine _csv = new(1);
    private int _fields;
    private int _user;
    private int _item;
    private int _category = -1;
    private int _type;
    private int _ts;
    private int _value = -1;

    public override string Name => "canonical";

    public override bool HasHeader => true;

    public override void ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        var columns = new HeaderColumns(header, path, Name);
        _user = columns.Require("user_id");
        _item = columns.Require("item_id");
        _type = columns.Require("event_type");
        _ts = columns.Require("ts");
        _category = columns.Optional("category_id");
        _value = columns.Optional("value");
        _fields = columns.Count;
        _csv = new CsvLine(_fields);
    }

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        if (InQuotedField)
        {
            // A line break inside quotes (RFC 4180 allows it; this reader does not): every line of the record is
            // rejected with one reason, so no fragment of it can pass for an event.
            InQuotedField = CsvLine.EndsInsideQuotes(line);
            batch.Reject(line, lineNumber, RejectReasons.QuoteSpansLines);
            return;
        }

        var count = _csv.Split(line);
        if (count != _fields)
        {
            InQuotedField = count == CsvLine.Unterminated;
            batch.Reject(line, lineNumber, count switch
            {
                CsvLine.Unterminated => RejectReasons.QuoteSpansLines,
                CsvLine.StrayQuote => RejectReasons.StrayQuote,
                _ => RejectReasons.FieldCount(_fields, count),
            });
            return;
        }

        var typeText = FieldSplitter.Trim(_csv.Field(line, _type));
        if (!Utf8EventTypes.TryParseCanonical(typeText, out var type))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnknownType(typeText));
            return;
        }

        if (!TimestampParser.TryParseFlexible(FieldSplitter.Trim(_csv.Field(line, _ts)), out var ts))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        var value = double.NaN;
        var problem = _value < 0 ? null : ValueParser.TryParse(_csv.Field(line, _value), out value);
        if (problem is not null)
        {
            batch.Reject(line, lineNumber, problem);
            return;
        }

        var category = _category < 0 ? default : FieldSplitter.Trim(_csv.Field(line, _category));
        batch.Accept(
            line, lineNumber, offset, FieldSplitter.Trim(_csv.Field(line, _user)), FieldSplitter.Trim(_csv.Field(line, _item)),
            category, type, ts, value);
    }
}
