using System.Globalization;
using System.Text;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Cli.Commands;

/// <summary>Prints a <see cref="QueryResult"/>: an aligned text table (numbers right-aligned, NULL for nulls) or RFC 4180 CSV.</summary>
internal static class QueryResultView
{
    public static void WriteTable(TextWriter output, QueryResult result, int maxRows)
    {
        var shown = result.Rows.Take(maxRows).Select(r => r.Select(Text).ToArray()).ToList();
        var numeric = result.ColumnTypes.Select(IsNumeric).ToArray();
        var widths = result.Columns.Select((c, i) => Math.Max(c.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(result.Columns.ToArray(), widths, numeric));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in shown)
        {
            output.WriteLine(Line(row, widths, numeric));
        }

        output.WriteLine(result.Rows.Count > shown.Count
            ? $"({shown.Count} of {result.Rows.Count} rows shown; --max-rows to see more)"
            : $"({result.Rows.Count} {(result.Rows.Count == 1 ? "row" : "rows")})");
    }

    public static void WriteCsv(TextWriter output, QueryResult result, int maxRows)
    {
        output.Write(string.Join(",", result.Columns.Select(Quote)) + "\r\n");
        foreach (var row in result.Rows.Take(maxRows))
        {
            // RFC 4180: CRLF line ends; a null is an empty field, an empty string a quoted one.
            output.Write(string.Join(",", row.Select(v => v switch { null => "", string s => Quote(s), _ => Quote(Text(v)) })) + "\r\n");
        }
    }

    private static string Line(string[] cells, int[] widths, bool[] numeric) =>
        string.Join(" | ", cells.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

    private static string Quote(string text) =>
        text.Length == 0 || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static bool IsNumeric(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(double) || type == typeof(float)
        || type == typeof(decimal) || type == typeof(System.Numerics.BigInteger) || type == typeof(ulong) || type == typeof(uint);

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        float f => f.ToString("G7", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Printable(value.ToString() ?? ""),
    };

    /// <summary>Line breaks and other control characters as \xNN, so one row stays on one line of the table.</summary>
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? $"\\x{(int)c:X2}" : c);
        }

        return builder.ToString();
    }
}
