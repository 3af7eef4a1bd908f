using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Nets the returns of a UCI Online Retail file against its purchases before the parallel parse: per customer and
/// stock code, in time order (file order on ties), each return (negative quantity, usually a C invoice) takes its
/// units back from the latest earlier purchases first. The parse then gives each purchase its net quantity
/// (by the byte offset of its line) and skips the return lines with what became of them.
/// The same pass gives the item titles: per StockCode the most frequent Description of its purchase lines with a
/// customer (the lines that can become events; <see cref="TitleVotes"/>), so one read serves both.
/// </summary>
internal sealed class OnlineRetailReturns
{
    private readonly Dictionary<long, long> _netQuantity = [];
    private readonly HashSet<long> _matchedReturns = [];

    private OnlineRetailReturns(Dictionary<string, string> titles)
    {
        Titles = titles;
    }

    /// <summary>Item title by StockCode: its most frequent Description (ties: the one seen first).</summary>
    public IReadOnlyDictionary<string, string> Titles { get; }

    /// <summary>A file over this is not read whole for netting (the full UCI file is about 45 MB).</summary>
    private const long MaxBytes = 1L << 31;

    /// <summary>The net quantity of the purchase at <paramref name="offset"/> after the returns netted against it.</summary>
    public long NetQuantity(long offset, long quantity) => _netQuantity.TryGetValue(offset, out var net) ? net : quantity;

    /// <summary>Whether the return at <paramref name="offset"/> took units back from an earlier purchase in the file.</summary>
    public bool Matched(long offset) => _matchedReturns.Contains(offset);

    public static OnlineRetailReturns Read(string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new RecsysException($"{path}: {length:N0} bytes is more than the online-retail preset nets returns over in memory ({MaxBytes:N0}).");
        }

        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var line = new OnlineRetailLine();
        var lines = new List<(string Key, long Ts, long Offset, long Quantity)>();
        var votes = new TitleVotes();
        var first = true;
        var position = start;
        while (position < bytes.Length)
        {
            var end = bytes.AsSpan(position).IndexOf((byte)'\n');
            var next = end < 0 ? bytes.Length : position + end + 1;
            var text = bytes.AsSpan(position, next - position).TrimEnd("\r\n"u8);
            var offset = position;
            position = next;
            if (text.IsEmpty)
            {
                continue;
            }

            if (first)
            {
                line.ReadHeader(text, path);
                first = false;
                continue;
            }

            if (lines.Count % 65536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Lines the parse rejects or skips for another reason take no part in netting.
            var customer = line.Split(text) == line.Fields ? line.Customer(text) : default;
            if (customer.IsEmpty || !line.TryQuantity(text, out var quantity) || quantity == 0 || !line.TryTimestamp(text, out var ts))
            {
                continue;
            }

            if (quantity > 0)
            {
                votes.Add(line.StockCode(text), line.Description(text));
            }

            var key = System.Text.Encoding.UTF8.GetString(customer) + "\u0001" + System.Text.Encoding.UTF8.GetString(line.StockCode(text));
            lines.Add((key, ts, offset, quantity));
        }

        var result = new OnlineRetailReturns(votes.Winners());
        foreach (var group in lines.GroupBy(l => l.Key, StringComparer.Ordinal))
        {
            if (group.All(l => l.Quantity > 0))
            {
                continue;
            }

            var open = new List<(long Offset, long Left)>();
            foreach (var entry in group.OrderBy(l => l.Ts).ThenBy(l => l.Offset))
            {
                if (entry.Quantity > 0)
                {
                    open.Add((entry.Offset, entry.Quantity));
                    continue;
                }

                var back = -entry.Quantity;
                while (back > 0 && open.Count > 0)
                {
                    var (offset, left) = open[^1];
                    var taken = Math.Min(back, left);
                    back -= taken;
                    left -= taken;
                    result._netQuantity[offset] = left;
                    result._matchedReturns.Add(entry.Offset);
                    if (left == 0)
                    {
                        open.RemoveAt(open.Count - 1);
                    }
                    else
                    {
                        open[^1] = (offset, left);
                    }
                }
            }
        }

        return result;
    }
}
