using Microsoft.Extensions.Logging;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>Source-generated log messages of the PostgreSQL warehouse.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Published snapshot {SnapshotDate:yyyy-MM-dd} of {Pipeline} (run {RunId}) to {Warehouse}: {Rows} rows in {Tables} tables, {ElapsedMs} ms")]
    public static partial void Published(ILogger logger, DateOnly snapshotDate, string pipeline, string runId, string warehouse, long rows, int tables, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Deleted {Rows} rows of {Pipeline} snapshots before {Before:yyyy-MM-dd} (KeepSnapshotDays {Days})")]
    public static partial void Pruned(ILogger logger, long rows, string pipeline, DateOnly before, int days);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "Migrated warehouse table {Table} created by an earlier version: added columns {Added}, renamed columns {Renamed}, {Rows} rows kept ({Unknown} of them, of runs job_runs no longer has, got pipeline 'unknown')")]
    public static partial void Migrated(ILogger logger, string table, string added, string renamed, int rows, int unknown);
}
