using Microsoft.Win32.SafeHandles;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// RetailRocket item categories from item_properties_part*.csv (timestamp,itemid,property,value), property
/// "categoryid". Rule: the latest value per item over the whole files (ties: the later line). The files are
/// snapshots of properties over time; a per-event as-of lookup would be more exact, but one category per
/// item is what the feature and interest stages use, and the latest is the item's current category.
/// </summary>
internal sealed class ItemCategories : ILineHandler
{
    private readonly Utf8KeyMap _items = new(1 << 16);
    private readonly Utf8KeyMap _names = new(4096);
    private readonly List<RejectedEvent> _rejects;
    private readonly int _maxIdBytes;
    private long[] _ts = new long[1 << 16];
    private int[] _category = new int[1 << 16];
    private string _source = "";
    private long _lineBase;
    private Range[] _ranges = new Range[4];
    private int _itemColumn;
    private int _propertyColumn;
    private int _valueColumn;
    private int _tsColumn;

    private ItemCategories(List<RejectedEvent> rejects, int maxIdBytes)
    {
        _rejects = rejects;
        _maxIdBytes = maxIdBytes;
    }

    public int Count => _items.Count;

    /// <summary>Reads the files in order; malformed categoryid lines go to <paramref name="rejects"/> with the properties file as source.</summary>
    public static ItemCategories Read(
        IReadOnlyList<string> files, List<RejectedEvent> rejects, int maxIdBytes, ProgressCounter progress, CancellationToken cancellationToken)
    {
        var lookup = new ItemCategories(rejects, maxIdBytes);
        foreach (var path in files)
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            lookup.ReadFile(file, path, progress, cancellationToken);
        }

        return lookup;
    }

    /// <summary>The category id bytes of an item, empty when it has none.</summary>
    public ReadOnlySpan<byte> Find(ReadOnlySpan<byte> item) =>
        _items.TryGetKey(item, out var key) ? _names.GetBytes(_category[key]) : default;

    public void OnLine(ReadOnlySpan<byte> line, long lineNumber, long offset)
    {
        // Most property lines are other properties; skip them before splitting.
        if (line.IndexOf("categoryid"u8) < 0)
        {
            return;
        }

        var count = FieldSplitter.Split(line, (byte)',', _ranges);
        if (count != _ranges.Length || !FieldSplitter.Trim(line[_ranges[_propertyColumn]]).SequenceEqual("categoryid"u8))
        {
            if (count != _ranges.Length)
            {
                Reject(line, lineNumber, RejectReasons.FieldCount(_ranges.Length, count));
            }

            return;
        }

        var item = FieldSplitter.Trim(line[_ranges[_itemColumn]]);
        var category = FieldSplitter.Trim(line[_ranges[_valueColumn]]);
        if (!TimestampParser.TryParseUnixMillis(FieldSplitter.Trim(line[_ranges[_tsColumn]]), out var ts))
        {
            Reject(line, lineNumber, RejectReasons.UnparsableTimestamp);
            return;
        }

        if (item.IsEmpty || category.IsEmpty)
        {
            Reject(line, lineNumber, item.IsEmpty ? RejectReasons.EmptyItemId : "empty category id");
            return;
        }

        // Checked here, with the events' id rules: a bad category would otherwise reject every event of its item.
        var problem = IdRules.Problem(item, IdRules.Item, _maxIdBytes) ?? IdRules.Problem(category, IdRules.Category, _maxIdBytes);
        if (problem is not null)
        {
            Reject(line, lineNumber, problem);
            return;
        }

        var key = _items.GetOrAdd(item, out var added);
        if (key == _ts.Length)
        {
            Array.Resize(ref _ts, key * 2);
            Array.Resize(ref _category, key * 2);
        }

        if (added || ts >= _ts[key])
        {
            _ts[key] = ts;
            _category[key] = _names.GetOrAdd(category, out _);
        }
    }

    private void ReadFile(SafeFileHandle file, string path, ProgressCounter progress, CancellationToken cancellationToken)
    {
        var length = RandomAccess.GetLength(file);
        var header = BlockLineReader.ReadLineAt(file, BlockLineReader.DataStart(file), length, out var dataStart);
        var columns = new HeaderColumns(header, path, "retailrocket item_properties");
        _tsColumn = columns.Require("timestamp");
        _itemColumn = columns.Require("itemid");
        _propertyColumn = columns.Require("property");
        _valueColumn = columns.Require("value");
        _ranges = new Range[columns.Count];
        _source = $"retailrocket:{path}";
        _lineBase = 1;
        progress.Add(dataStart);
        BlockLineReader.ReadLines(file, dataStart, length, this, progress, cancellationToken);
    }

    private void Reject(ReadOnlySpan<byte> line, long lineNumber, string reason) =>
        _rejects.Add(new RejectedEvent(_source, _lineBase + lineNumber, RejectReasons.Raw(line), reason));
}
