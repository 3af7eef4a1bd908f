using Microsoft.Extensions.Logging;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>Source-generated log messages of the DuckDB connection (the warehouse's own are <c>SqlWarehouseLog</c>).</summary>
internal static partial class DuckDbLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Warehouse file {Path} is locked by another process (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void WaitingForLock(ILogger logger, string path, int attempt, double delayMs);
}
