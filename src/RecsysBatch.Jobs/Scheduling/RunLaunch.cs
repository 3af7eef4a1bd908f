namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// What starts a pipeline run as a chain of Hangfire jobs: a schedule firing, an admin's "trigger now", or one
/// date of a backfill. <see cref="RetryAttempts"/> applies to every stage job of the run.
/// </summary>
public sealed record RunLaunch(string PipelinePath, DateOnly? AsOf, int RetryAttempts, string Queue, string? ScheduleId)
{
    public static RunLaunch From(ScheduleDefinition schedule, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new RunLaunch(schedule.PipelinePath, asOf, schedule.RetryAttempts, schedule.Queue, schedule.Id);
    }
}
