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

    /// <summary>An unexpected failure (a bug): logged with its stack trace.</summary>
    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Deleted the checkpoints of run {RunId}: it failed more than {Days} days ago (Recsys:FailedCheckpointDays)")]
    public static partial void CheckpointsExpired(ILogger logger, string runId, int days);

    /// <summary>An expected data or configuration failure (RecsysException): one line; its stack only at Debug.</summary>
    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    public static partial void RunFailedExpected(ILogger logger, string runId, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Run {RunId} failed here")]
    public static partial void RunFailedStack(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error,
        Message = "Run {RunId} failed and the warehouse could not record it ({Error}); kept in {Path}, the next run on this warehouse records it")]
    public static partial void FailureNotRecorded(ILogger logger, string runId, string error, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Recorded the failure of run {RunId}, which its own process could not write to the warehouse")]
    public static partial void PendingFailureRecorded(ILogger logger, string runId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Run {RunId}: kept its {Lines} quarantined lines in {Path}")]
    public static partial void RejectedLinesKept(ILogger logger, string runId, int lines, string path);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Run {RunId}: wrote its report {Path} ({Figures} charts) in {Seconds:F2} s")]
    public static partial void ReportWritten(ILogger logger, string runId, string path, int figures, double seconds);

    /// <summary>A report that could not be written never fails the run: a warning, and the run goes on.</summary>
    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Run {RunId}: could not write its report {Path} ({Error}); `recsys report --run {RunId}` can write it later")]
    public static partial void ReportFailed(ILogger logger, Exception exception, string runId, string path, string error);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Run {RunId}: {Warning}")]
    public static partial void MemoryPreflight(ILogger logger, string runId, string warning);
}
