namespace RecsysBatch.Jobs.Scheduling;

/// <summary>What a <see cref="ScheduleSync.Sync"/> changed in Hangfire, by recurring job id, for the host's start-up log.</summary>
public sealed record ScheduleSyncResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Removed)
{
    public override string ToString() =>
        $"schedules: added [{string.Join(", ", Added)}], updated [{string.Join(", ", Updated)}], " +
        $"unchanged [{string.Join(", ", Unchanged)}], removed [{string.Join(", ", Removed)}]";
}
