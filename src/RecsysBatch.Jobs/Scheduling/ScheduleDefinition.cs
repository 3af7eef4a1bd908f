namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// One recurring job as defined in a schedules/*.schedule.json file, after validation.
/// <see cref="PipelinePath"/> is the absolute path of <see cref="Pipeline"/> (which is relative to the folder above schedules/).
/// </summary>
public sealed record ScheduleDefinition(
    string Id,
    string Pipeline,
    string PipelinePath,
    string Cron,
    string TimeZone,
    string Queue,
    int RetryAttempts,
    bool Enabled,
    string FilePath);
