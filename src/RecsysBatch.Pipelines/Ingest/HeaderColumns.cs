using System.Text;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>The column names of a CSV header line (trimmed, case-insensitive, a leading BOM ignored).</summary>
internal sealed class HeaderColumns
{
    private readonly string[] _names;
    private readonly string _path;
    private readonly string _format;
    private readonly string _raw;

    public HeaderColumns(ReadOnlySpan<byte> header, string path, string format)
    {
        _path = path;
        _format = format;
        _raw = RejectReasons.Raw(header);
        var csv = new CsvLine(1024);
        var count = csv.Split(header);
        if (count is < 0 or > 1024)
        {
            throw new RecsysException($"{path}: line 1 is not a {format} CSV header: \"{Cut(_raw)}\"");
        }

        _names = new string[count];
        for (var i = 0; i < count; i++)
        {
            _names[i] = Encoding.UTF8.GetString(FieldSplitter.Trim(csv.Field(header, i))).Trim('\uFEFF', ' ');
        }

        // Columns are looked up by name: a second column of the same name would silently never be read.
        var twice = _names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new RecsysException(
                $"{path}: line 1: the {format} header names column '{InputText.Printable(twice.Key, 80)}' twice: \"{Cut(_raw)}\"");
        }
    }

    public int Count => _names.Length;

    /// <summary>The index of a required column; a RecsysException naming file and column when it is missing.</summary>
    public int Require(string name)
    {
        var index = Optional(name);
        return index >= 0
            ? index
            : throw new RecsysException(
                $"{_path}: not a {_format} file: the header lacks column '{name}' (line 1: \"{Cut(_raw)}\")");
    }

    /// <summary>The index of an optional column, or -1.</summary>
    public int Optional(string name) => Array.FindIndex(_names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Cut(string text) => text.Length > 120 ? text[..120] + "..." : text;
}
