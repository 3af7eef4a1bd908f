using Microsoft.Extensions.Logging;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>Source-generated log messages of the warehouse (every database).</summary>
internal static partial class SqlWarehouseLog
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Published snapshot {SnapshotDate:yyyy-MM-dd} of {Pipeline} (run {RunId}) to {Warehouse}: {Rows} rows in {Tables} tables, {ElapsedMs} ms")]
    public static partial void Published(ILogger logger, DateOnly snapshotDate, string pipeline, string runId, string warehouse, long rows, int tables, long elapsedMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Deleted {Rows} rows of {Pipeline} snapshots before {Before:yyyy-MM-dd} (KeepSnapshotDays {Days})")]
    public static partial void Pruned(ILogger logger, long rows, string pipeline, DateOnly before, int days);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Migrated warehouse table {Table} created by an earlier version: added columns {Added}, renamed columns {Renamed}, {Rows} rows kept ({Unknown} of them, of runs job_runs no longer has, got pipeline 'unknown')")]
    public static partial void Migrated(ILogger logger, string table, string added, string renamed, int rows, int unknown);
}
