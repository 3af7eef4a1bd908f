using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Makes Hangfire's recurring jobs exactly the enabled schedules of schedules/: the files are the source of truth, so
/// a schedule deleted or disabled in git stops firing at the next host start instead of lingering in storage.
/// </summary>
public static class ScheduleSync
{
    public static ScheduleSyncResult Sync(IRecurringJobManager manager, JobStorage storage, IReadOnlyList<ScheduleDefinition> schedules)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(schedules);

        Dictionary<string, RecurringJobDto> existing;
        using (var connection = storage.GetConnection())
        {
            existing = connection.GetRecurringJobs().ToDictionary(j => j.Id, StringComparer.Ordinal);
        }

        List<string> added = [], updated = [], unchanged = [], removed = [];
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schedule in schedules.Where(s => s.Enabled))
        {
            var job = RunChain.JobFor(RunLaunch.From(schedule));
            var timeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
            manager.AddOrUpdate(schedule.Id, job, schedule.Cron, new RecurringJobOptions { TimeZone = timeZone });
            wanted.Add(schedule.Id);
            if (!existing.TryGetValue(schedule.Id, out var before))
            {
                added.Add(schedule.Id);
            }
            else if (Same(before, job, schedule.Cron, timeZone))
            {
                unchanged.Add(schedule.Id);
            }
            else
            {
                updated.Add(schedule.Id);
            }
        }

        foreach (var id in existing.Keys.Where(id => !wanted.Contains(id)).Order(StringComparer.Ordinal))
        {
            manager.RemoveIfExists(id);
            removed.Add(id);
        }

        return new ScheduleSyncResult(added, updated, unchanged, removed);
    }

    private static bool Same(RecurringJobDto before, Job job, string cron, TimeZoneInfo timeZone)
    {
        if (before.Job is null || before.LoadException is not null
            || before.Cron != cron || before.TimeZoneId != timeZone.Id)
        {
            return false;
        }

        var a = InvocationData.SerializeJob(before.Job);
        var b = InvocationData.SerializeJob(job);
        return a.Type == b.Type && a.Method == b.Method && a.ParameterTypes == b.ParameterTypes && a.Arguments == b.Arguments && a.Queue == b.Queue;
    }
}
