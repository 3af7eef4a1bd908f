using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// UCI Online Retail transactions (header InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
/// CustomerID, Country): each line with a customer is a purchase of item StockCode by user CustomerID with
/// value = net quantity × UnitPrice, the net quantity being what is left after later returns of that customer and
/// item (<see cref="OnlineRetailReturns"/>). Skipped, with a "skipped: …" reason that does not count against
/// maxRejectedShare: lines without a CustomerID, return lines (netted, or without an earlier purchase in the file),
/// and purchases returned in full.
/// </summary>
internal sealed class OnlineRetailFormat(OnlineRetailReturns returns) : LineFormat
{
    public const string FormatName = "online-retail";

    private readonly OnlineRetailLine _line = new();

    public override string Name => FormatName;

    public override bool HasHeader => true;

    public override void ReadHeader(ReadOnlySpan<byte> header, string path) => _line.ReadHeader(header, path);

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        var count = _line.Split(line);
        if (count != _line.Fields)
        {
            batch.Reject(line, lineNumber, count switch
            {
                CsvLine.Unterminated => RejectReasons.QuoteSpansLines,
                CsvLine.StrayQuote => RejectReasons.StrayQuote,
                _ => RejectReasons.FieldCount(_line.Fields, count),
            });
            return;
        }

        var customer = _line.Customer(line);
        if (customer.IsEmpty)
        {
            batch.Reject(line, lineNumber, RejectReasons.SkippedNoCustomer);
            return;
        }

        if (!_line.TryQuantity(line, out var quantity))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableField("quantity"));
            return;
        }

        if (!_line.TryTimestamp(line, out var ts))
        {
            batch.Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        if (quantity < 0)
        {
            batch.Reject(line, lineNumber, returns.Matched(offset) ? RejectReasons.SkippedReturnNetted : RejectReasons.SkippedReturnUnmatched);
            return;
        }

        var net = returns.NetQuantity(offset, quantity);
        if (net == 0 && quantity > 0)
        {
            batch.Reject(line, lineNumber, RejectReasons.SkippedFullyReturned);
            return;
        }

        var problem = ValueParser.TryParse(_line.Price(line), out var price);
        if (problem is not null)
        {
            batch.Reject(line, lineNumber, problem);
            return;
        }

        batch.Accept(line, lineNumber, offset, customer, _line.StockCode(line), default, EventType.Purchase, ts, net * price);
    }
}
