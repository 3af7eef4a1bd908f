using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>Fills a working store from a checkpoint file: snapshot date, events, lists, output tables, artifacts.</summary>
internal static class CheckpointReader
{
    public static void Apply(DuckDBConnection connection, string path, StageContext context, ArtifactRegistry registry)
    {
        try
        {
            if (CheckpointSql.Scalar(connection, "SELECT max(snapshot_date) FROM snapshot") is { } stored)
            {
                var date = stored is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(stored, System.Globalization.CultureInfo.InvariantCulture));
                if (context.HasSnapshotDate && context.SnapshotDate != date)
                {
                    throw new RecsysException(
                        $"{path}: the checkpoint's snapshot date {date:yyyy-MM-dd} differs from the run's {context.SnapshotDate:yyyy-MM-dd}.");
                }

                context.ResolveSnapshotDate(date);
            }

            var data = context.Data;
            data.Events = EventRows.Read(connection, path);
            data.Ingest = RunListRows.ReadIngest(connection);
            data.Rejected.AddRange(RunListRows.ReadRejected(connection));
            data.Metrics.AddRange(RunListRows.ReadMetrics(connection));
            data.Notes.AddRange(RunListRows.ReadNotes(connection));
            foreach (var table in OutputRows.ReadAll(connection, path))
            {
                data.AddOutput(table);
            }

            foreach (var (key, value) in ArtifactRows.ReadAll(connection, path, registry))
            {
                data.Restore(key, value);
            }
        }
        catch (Exception ex) when (ex is not (RecsysException or OutOfMemoryException or OperationCanceledException))
        {
            throw new RecsysException($"{path}: corrupt checkpoint: {ex.GetType().Name}: {CheckpointConnection.FirstLine(ex.Message)}", ex);
        }
    }
}
