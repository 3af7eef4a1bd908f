using System.Buffers.Text;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// The fields of one UCI Online Retail line that ingest uses, parsed the same way by the netting pre-pass
/// (<see cref="OnlineRetailReturns"/>) and by <see cref="OnlineRetailFormat"/>.
/// </summary>
internal sealed class OnlineRetailLine
{
    private CsvLine _csv = new(8);
    private int _fields;
    private int _stockCode;
    private int _quantity;
    private int _date;
    private int _price;
    private int _customer;
    private int _description = -1;

    public void ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        var columns = new HeaderColumns(header, path, OnlineRetailFormat.FormatName);
        _stockCode = columns.Require("StockCode");
        _quantity = columns.Require("Quantity");
        _date = columns.Require("InvoiceDate");
        _price = columns.Require("UnitPrice");
        _customer = columns.Require("CustomerID");
        _description = columns.Optional("Description");
        columns.Require("InvoiceNo");
        _fields = columns.Count;
        _csv = new CsvLine(_fields);
    }

    /// <summary>Splits the line; the field count, or a <see cref="CsvLine"/> error code; <see cref="Fields"/> when it is right.</summary>
    public int Split(ReadOnlySpan<byte> line) => _csv.Split(line);

    public int Fields => _fields;

    public ReadOnlySpan<byte> StockCode(ReadOnlySpan<byte> line) => FieldSplitter.Trim(_csv.Field(line, _stockCode));

    /// <summary>The Description field as given (untrimmed), empty when the file has no Description column.</summary>
    public ReadOnlySpan<byte> Description(ReadOnlySpan<byte> line) => _description < 0 ? default : _csv.Field(line, _description);

    public ReadOnlySpan<byte> Price(ReadOnlySpan<byte> line) => _csv.Field(line, _price);

    /// <summary>The customer id, empty when missing: blank, or NA as R writes it; "12345.0" (a float export) is 12345.</summary>
    public ReadOnlySpan<byte> Customer(ReadOnlySpan<byte> line)
    {
        var text = FieldSplitter.Trim(_csv.Field(line, _customer));
        if (text.SequenceEqual("NA"u8))
        {
            return default;
        }

        return text.EndsWith(".0"u8) ? text[..^2] : text;
    }

    public bool TryQuantity(ReadOnlySpan<byte> line, out long quantity)
    {
        var text = FieldSplitter.Trim(_csv.Field(line, _quantity));
        return Utf8Parser.TryParse(text, out quantity, out var used) && used == text.Length && text.Length > 0;
    }

    /// <summary>InvoiceDate as ISO (2011-03-10 16:16:00, the R sample) or M/D/YYYY H:MM (the UCI original), taken as UTC.</summary>
    public bool TryTimestamp(ReadOnlySpan<byte> line, out long ms)
    {
        var text = FieldSplitter.Trim(_csv.Field(line, _date));
        return TimestampParser.TryParseIso(text, out ms) || TryParseUsDate(text, out ms);
    }

    private static bool TryParseUsDate(ReadOnlySpan<byte> text, out long ms)
    {
        ms = 0;
        Span<int> parts = stackalloc int[5];
        var count = 0;
        var value = -1;
        foreach (var b in text)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                value = (value < 0 ? 0 : value * 10) + (b - '0');
                if (value > 9999)
                {
                    return false;
                }

                continue;
            }

            var expected = count switch { 0 or 1 => (byte)'/', 2 => (byte)' ', 3 => (byte)':', _ => (byte)0 };
            if (value < 0 || b != expected || count >= 4)
            {
                return false;
            }

            parts[count++] = value;
            value = -1;
        }

        if (value < 0 || count != 4)
        {
            return false;
        }

        parts[4] = value;
        var (month, day, year, hour, minute) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
        if (month is < 1 or > 12 || year < 1000 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            return false;
        }

        ms = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return true;
    }
}
