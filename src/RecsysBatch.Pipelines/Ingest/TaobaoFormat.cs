namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Taobao UserBehavior: headerless user_id,item_id,category_id,behavior,unix_seconds.</summary>
internal sealed class TaobaoFormat : LineFormat
{
    private const int Fields = 5;

    public override string Name => "taobao";

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        Span<Range> f = stackalloc Range[Fields];
        var count = FieldSplitter.Split(line, (byte)',', f);
        if (count != Fields)
        {
            batch.Reject(line, lineNumber, RejectReasons.FieldCount(Fields, count));
            return;
        }

        var behavior = FieldSplitter.Trim(line[f[3]]);
        if (!Utf8EventTypes.TryParseTaobao(behavior, out var type))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnknownType(behavior));
            return;
        }

        if (!TimestampParser.TryParseUnixSeconds(FieldSplitter.Trim(line[f[4]]), out var ts))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        batch.Accept(
            line, lineNumber, offset, FieldSplitter.Trim(line[f[0]]), FieldSplitter.Trim(line[f[1]]), FieldSplitter.Trim(line[f[2]]),
            type, ts, double.NaN);
    }
}
