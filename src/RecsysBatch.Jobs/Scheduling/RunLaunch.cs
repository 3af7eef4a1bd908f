namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// What starts a pipeline run as a chain of Hangfire jobs: a schedule firing, an admin's "trigger now", or one
/// date of a backfill. <see cref="RetryAttempts"/> applies to every stage job of the run.
/// </summary>
public sealed record RunLaunch(string PipelinePath, DateOnly? AsOf, int RetryAttempts, string Queue, string? ScheduleId)
{
    /// <summary>How the dashboard names the run: "nightly.pipeline.json as of 2026-11-30 (schedule nightly)".</summary>
    public override string ToString() =>
        Path.GetFileName(PipelinePath)
        + (AsOf is { } date ? $" as of {date:yyyy-MM-dd}" : "")
        + (ScheduleId is null ? "" : $" (schedule {ScheduleId})")
        + (ThenAsOf.Count == 0 ? "" : $", then {ThenAsOf.Count} more dates");

    /// <summary>Seconds before a failed stage is retried (times the attempt number).</summary>
    public int RetryDelaySeconds { get; init; } = 30;

    /// <summary>Snapshot dates to run after this one has finished, succeeded or failed (what a backfill still has to do).</summary>
    public IReadOnlyList<DateOnly> ThenAsOf { get; init; } = [];

    public static RunLaunch From(ScheduleDefinition schedule, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new RunLaunch(schedule.PipelinePath, asOf, schedule.RetryAttempts, schedule.Queue, schedule.Id);
    }
}
