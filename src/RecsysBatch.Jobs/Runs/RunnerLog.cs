using Microsoft.Extensions.Logging;

namespace RecsysBatch.Jobs.Runs;

/// <summary>The runner's log lines (source-generated).</summary>
internal static partial class RunnerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} of pipeline {Pipeline} started (warehouse {Warehouse})")]
    public static partial void RunStarted(ILogger logger, string runId, string pipeline, string warehouse);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Stage {Stage} finished in {Seconds:F2} s")]
    public static partial void StageFinished(ILogger logger, string stage, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Stage {Stage} skipped: {Reason}")]
    public static partial void StageSkipped(ILogger logger, string stage, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Run {RunId} published snapshot {SnapshotDate:yyyy-MM-dd} ({Tables} tables)")]
    public static partial void Published(ILogger logger, string runId, DateOnly snapshotDate, int tables);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Deleted the checkpoints of run {RunId}: it failed more than {Days} days ago (Recsys:FailedCheckpointDays)")]
    public static partial void CheckpointsExpired(ILogger logger, string runId, int days);
}
