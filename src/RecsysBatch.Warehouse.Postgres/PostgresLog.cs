using Microsoft.Extensions.Logging;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>Source-generated log messages of the PostgreSQL warehouse.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Published snapshot {SnapshotDate:yyyy-MM-dd} of {Pipeline} (run {RunId}) to {Warehouse}: {Rows} rows in {Tables} tables, {ElapsedMs} ms")]
    public static partial void Published(ILogger logger, DateOnly snapshotDate, string pipeline, string runId, string warehouse, long rows, int tables, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Deleted {Rows} rows of snapshots before {Before:yyyy-MM-dd} (KeepSnapshotDays {Days})")]
    public static partial void Pruned(ILogger logger, long rows, DateOnly before, int days);
}
