using DuckDB.NET.Data;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The run's lists in tables <c>rejected</c>, <c>metrics</c> and <c>notes</c> (column i: the list index; a stage
/// that rewrote a list's tail replaces the rows from that index on) and the ingest summary in <c>ingest</c>,
/// <c>ingest_sources</c> and <c>ingest_rejects</c>.
/// </summary>
internal static class RunListRows
{
    public static void ReplaceRejected(DuckDBConnection connection, int start, IReadOnlyList<RejectedEvent> rows) =>
        ReplaceTail(connection, "rejected", start, rows, (row, r) => row.AppendValue(r.Source).AppendValue(r.LineNumber).AppendValue(r.Raw).AppendValue(r.Reason));

    public static void ReplaceMetrics(DuckDBConnection connection, int start, IReadOnlyList<ModelMetric> rows) =>
        ReplaceTail(connection, "metrics", start, rows, (row, m) => row.AppendValue(m.Stage).AppendValue(m.Model).AppendValue(m.Metric).AppendValue(m.Value));

    public static void ReplaceNotes(DuckDBConnection connection, int start, IReadOnlyList<string> rows) =>
        ReplaceTail(connection, "notes", start, rows, (row, n) => row.AppendValue(n));

    public static List<RejectedEvent> ReadRejected(DuckDBConnection connection) =>
        ReadList(connection, "SELECT source, line_number, raw, reason FROM rejected ORDER BY i", r => new RejectedEvent(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)));

    public static List<ModelMetric> ReadMetrics(DuckDBConnection connection) =>
        ReadList(connection, "SELECT stage, model, metric, value FROM metrics ORDER BY i", r => new ModelMetric(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3)));

    public static List<string> ReadNotes(DuckDBConnection connection) =>
        ReadList(connection, "SELECT note FROM notes ORDER BY i", r => r.GetString(0));

    public static void ReplaceIngest(DuckDBConnection connection, IngestSummary? summary, string stage)
    {
        foreach (var table in new[] { "ingest", "ingest_sources", "ingest_rejects" })
        {
            CheckpointSql.Execute(connection, $"DELETE FROM {table}");
        }

        if (summary is null)
        {
            return;
        }

        CheckpointSql.Execute(connection, "INSERT INTO ingest VALUES ($1, $2, $3, $4)", summary.AfterSnapshot, summary.Events, summary.NewestEventMs, stage);
        for (var s = 0; s < summary.Sources.Count; s++)
        {
            var source = summary.Sources[s];
            CheckpointSql.Execute(connection, "INSERT INTO ingest_sources VALUES ($1, $2, $3, $4, $5)", s, source.Source, source.InputRows, source.RejectedRows, source.DuplicatesDropped);
            var i = 0;
            foreach (var (reason, count) in source.RejectedByReason)
            {
                CheckpointSql.Execute(connection, "INSERT INTO ingest_rejects VALUES ($1, $2, $3, $4)", s, i++, reason, count);
            }
        }
    }

    public static IngestSummary? ReadIngest(DuckDBConnection connection)
    {
        IngestSummary summary;
        using (var head = CheckpointSql.Query(connection, "SELECT after_snapshot, events, newest_event_ms FROM ingest"))
        {
            if (!head.Read())
            {
                return null;
            }

            summary = new IngestSummary { AfterSnapshot = head.GetInt64(0), Events = head.GetInt64(1), NewestEventMs = head.IsDBNull(2) ? null : head.GetInt64(2) };
        }

        summary.Sources.AddRange(ReadList(connection, "SELECT source, input_rows, rejected_rows, duplicates_dropped FROM ingest_sources ORDER BY i", r => new SourceSummary
        {
            Source = r.GetString(0),
            InputRows = r.GetInt64(1),
            RejectedRows = r.GetInt64(2),
            DuplicatesDropped = r.GetInt64(3),
        }));
        using var reasons = CheckpointSql.Query(connection, "SELECT source_i, reason, count FROM ingest_rejects ORDER BY source_i, i");
        while (reasons.Read())
        {
            summary.Sources[reasons.GetInt32(0)].RejectedByReason.Add(reasons.GetString(1), reasons.GetInt64(2));
        }

        return summary;
    }

    private static void ReplaceTail<T>(DuckDBConnection connection, string table, int start, IReadOnlyList<T> rows, Func<IDuckDBAppenderRow, T, IDuckDBAppenderRow> write)
    {
        CheckpointSql.Execute(connection, $"DELETE FROM {table} WHERE i >= $1", start);
        using var appender = connection.CreateAppender(table);
        for (var k = 0; k < rows.Count; k++)
        {
            write(appender.CreateRow().AppendValue(start + k), rows[k]).EndRow();
        }

        appender.Close();
    }

    private static List<T> ReadList<T>(DuckDBConnection connection, string sql, Func<DuckDBDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = CheckpointSql.Query(connection, sql);
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }
}
