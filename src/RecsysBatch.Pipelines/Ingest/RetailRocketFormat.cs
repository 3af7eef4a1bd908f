namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// RetailRocket events.csv: header timestamp,visitorid,event,itemid,transactionid; timestamp in ms;
/// view / addtocart / transaction. The category comes from the item_properties files when present.
/// </summary>
internal sealed class RetailRocketFormat : LineFormat
{
    private readonly ItemCategories? _categories;
    private Range[] _ranges = new Range[5];
    private int _ts;
    private int _visitor;
    private int _event;
    private int _item;

    public RetailRocketFormat(ItemCategories? categories)
    {
        _categories = categories;
    }

    public override string Name => "retailrocket";

    public override bool HasHeader => true;

    public override void ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        var columns = new HeaderColumns(header, path, Name);
        _ts = columns.Require("timestamp");
        _visitor = columns.Require("visitorid");
        _event = columns.Require("event");
        _item = columns.Require("itemid");
        _ranges = new Range[columns.Count];
    }

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        var count = FieldSplitter.Split(line, (byte)',', _ranges);
        if (count != _ranges.Length)
        {
            batch.Reject(line, lineNumber, RejectReasons.FieldCount(_ranges.Length, count));
            return;
        }

        var eventText = FieldSplitter.Trim(line[_ranges[_event]]);
        if (!Utf8EventTypes.TryParseRetailRocket(eventText, out var type))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnknownType(eventText));
            return;
        }

        if (!TimestampParser.TryParseUnixMillis(FieldSplitter.Trim(line[_ranges[_ts]]), out var ts))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        var item = FieldSplitter.Trim(line[_ranges[_item]]);
        var category = _categories is null ? default : _categories.Find(item);
        batch.Accept(line, lineNumber, offset, FieldSplitter.Trim(line[_ranges[_visitor]]), item, category, type, ts, double.NaN);
    }
}
