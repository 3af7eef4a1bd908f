using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// canonical Parquet, read with DuckDB. Each row is rendered as a canonical CSV line and parsed by
/// <see cref="CanonicalCsvFormat"/>, so Parquet and CSV share every rule and reject reason; row number = line number.
/// The path is read literally (not as a glob), and a file DuckDB cannot read is a RecsysException, not a crash.
/// </summary>
internal static class ParquetSourceReader
{
    private static readonly string[] Columns = ["user_id", "item_id", "category_id", "event_type", "ts", "value"];
    private static readonly string[] Required = ["user_id", "item_id", "event_type", "ts"];

    public static EventBatch Read(string path, IngestLimits limits, ProgressCounter progress, CancellationToken cancellationToken)
    {
        using var literal = new LiteralParquetPath(path);
        try
        {
            return Read(path, literal.Value, limits, progress, cancellationToken);
        }
        catch (DuckDBException ex)
        {
            // DuckDB's own words say what is wrong (no magic bytes, truncated footer, ...); they may quote the file.
            var reason = ex.Message.Replace(literal.Value, path, StringComparison.Ordinal).ReplaceLineEndings(" ");
            throw new RecsysException($"{path}: not a readable Parquet file ({InputText.Printable(reason, 300)})", ex);
        }
    }

    private static EventBatch Read(string path, string duckDbPath, IngestLimits limits, ProgressCounter progress, CancellationToken cancellationToken)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var types = ColumnTypes(connection, path, duckDbPath);
        var temporalTs = IsTemporal(types.GetValueOrDefault("ts", ""));
        var missing = Required.FirstOrDefault(c => !types.ContainsKey(c));
        if (missing is not null)
        {
            throw new RecsysException($"{path}: not a canonical file: the Parquet schema lacks column '{missing}'");
        }

        var format = new CanonicalCsvFormat();
        format.ReadHeader(Encoding.UTF8.GetBytes(string.Join(',', Columns)), path);
        var batch = new EventBatch(limits, hasItems: true, 1024);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", Columns.Select(c => Expression(c, types)))} FROM read_parquet($path)";
        command.Parameters.Add(new DuckDBParameter("path", duckDbPath));
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        var line = new byte[256];
        long row = 0;
        while (reader.Read())
        {
            if ((++row & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            text.Clear();
            for (var i = 0; i < Columns.Length; i++)
            {
                AppendField(text, i > 0, Field(reader, i, temporalTs && Columns[i] == "ts"));
            }

            var length = Encoding.UTF8.GetByteCount(text.ToString());
            if (length > line.Length)
            {
                line = new byte[length * 2];
            }

            Encoding.UTF8.GetBytes(text.ToString(), line);
            batch.DataLines++;
            format.Parse(line.AsSpan(0, length), row, row, batch);
        }

        batch.Lines = row;
        progress.Add(new FileInfo(path).Length);
        return batch;
    }

    /// <summary>The raw text of a batch event for a reject found later (a duplicate): its canonical CSV form.</summary>
    public static string RawOf(EventBatch batch, int e)
    {
        var text = new StringBuilder();
        AppendField(text, false, Encoding.UTF8.GetString(batch.Users.GetBytes(batch.UserKey[e])));
        AppendField(text, true, Encoding.UTF8.GetString(batch.Items.GetBytes(batch.ItemKey[e])));
        AppendField(text, true, batch.CategoryKey[e] < 0 ? "" : Encoding.UTF8.GetString(batch.Categories.GetBytes(batch.CategoryKey[e])));
        AppendField(text, true, batch.Type[e].ToName());
        AppendField(text, true, IsoMs(batch.TimestampMs[e]));
        AppendField(text, true, double.IsNaN(batch.Value[e]) ? "" : batch.Value[e].ToString("R", CultureInfo.InvariantCulture));
        return RejectReasons.Raw(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static Dictionary<string, string> ColumnTypes(DuckDBConnection connection, string path, string duckDbPath)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DESCRIBE SELECT * FROM read_parquet($path)";
        command.Parameters.Add(new DuckDBParameter("path", duckDbPath));
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            // Columns are found by name, case-insensitively: a second one of the same name would be ambiguous.
            if (!types.TryAdd(reader.GetString(0), reader.GetString(1)))
            {
                throw new RecsysException($"{path}: the Parquet schema names column '{InputText.Printable(reader.GetString(0), 80)}' twice");
            }
        }

        return types;
    }

    private static bool IsTemporal(string type) => type.StartsWith("TIMESTAMP", StringComparison.Ordinal) || type == "DATE";

    /// <summary>
    /// Everything is read as text, except a temporal ts: as UTC epoch ms (a zoned timestamp is an instant; a
    /// naive one or a date is taken as UTC, as in CSV), formatted as ISO in <see cref="Field"/>.
    /// </summary>
    private static string Expression(string column, Dictionary<string, string> types)
    {
        if (!types.TryGetValue(column, out var type))
        {
            return "NULL";
        }

        var quoted = $"\"{column}\"";
        if (column != "ts" || !IsTemporal(type))
        {
            return $"CAST({quoted} AS VARCHAR)";
        }

        return type.StartsWith("TIMESTAMP WITH TIME ZONE", StringComparison.Ordinal)
            ? $"epoch_ms({quoted})"
            : $"epoch_ms(CAST({quoted} AS TIMESTAMP))";
    }

    private static string Field(DuckDBDataReader reader, int i, bool epochMs) =>
        reader.IsDBNull(i) ? "" : epochMs ? IsoMs(reader.GetInt64(i)) : reader.GetString(i);

    private static string IsoMs(long ms) =>
        ms is >= -62_135_596_800_000L and <= 253_402_300_799_999L
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : "out of range";

    private static void AppendField(StringBuilder text, bool comma, string field)
    {
        if (comma)
        {
            text.Append(',');
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(field);
            return;
        }

        text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
