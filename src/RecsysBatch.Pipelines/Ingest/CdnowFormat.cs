using System.Buffers.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// CDNOW transactions: whitespace-separated customer_id, yyyymmdd, quantity, dollar_amount. Each line is a
/// purchase on that UTC day with value = amount; the data has no items or categories.
/// </summary>
internal sealed class CdnowFormat : LineFormat
{
    private const int Fields = 4;

    public override string Name => "cdnow";

    public override bool HasItems => false;

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        Span<Range> f = stackalloc Range[Fields];
        var count = FieldSplitter.SplitBlanks(line, f);
        if (count != Fields)
        {
            batch.Reject(line, lineNumber, RejectReasons.FieldCount(Fields, count));
            return;
        }

        if (!TimestampParser.TryParseCompactDate(line[f[1]], out var ts))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        var quantity = line[f[2]];
        if (!Utf8Parser.TryParse(quantity, out long _, out var used) || used != quantity.Length)
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableField("quantity"));
            return;
        }

        var problem = ValueParser.TryParse(line[f[3]], out var amount);
        if (problem is not null)
        {
            batch.Reject(line, lineNumber, problem);
            return;
        }

        batch.Accept(line, lineNumber, offset, line[f[0]], default, default, EventType.Purchase, ts, amount);
    }
}
