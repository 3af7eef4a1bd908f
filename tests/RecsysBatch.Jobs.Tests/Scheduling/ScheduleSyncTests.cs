using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Storage;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Scheduling;

/// <summary>Schedules into real Hangfire storage (in memory) through the real RecurringJobManager.</summary>
[TestClass]
public sealed class ScheduleSyncTests
{
    [TestMethod]
    public void Sync_NewStorage_AddsEnabledSchedulesWithZoneAndQueue()
    {
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);

        var result = ScheduleSync.Sync(manager, storage, [Schedule("nightly", "30 2 * * *"), Schedule("weekly", "0 4 * * SUN", zone: "Europe/Berlin", queue: "heavy"), Schedule("paused", "0 1 * * *", enabled: false)]);

        Assert.AreEqual("nightly,weekly", string.Join(",", result.Added));
        Assert.AreEqual(0, result.Updated.Count + result.Unchanged.Count + result.Removed.Count);
        var jobs = RecurringJobs(storage);
        Assert.AreEqual("nightly,weekly", string.Join(",", jobs.Keys.Order(StringComparer.Ordinal)));
        Assert.AreEqual("0 4 * * SUN", jobs["weekly"].Cron);
        Assert.AreEqual("Europe/Berlin", jobs["weekly"].TimeZoneId);
        Assert.AreEqual("heavy", jobs["weekly"].Job.Queue);
        Assert.AreEqual(typeof(RunChain), jobs["weekly"].Job.Type);
        var launch = (RunLaunch)jobs["weekly"].Job.Args[0];
        Assert.AreEqual("weekly", launch.ScheduleId);
        Assert.AreEqual("/repo/pipelines/weekly.pipeline.json", launch.PipelinePath);
        Assert.AreEqual(3, launch.RetryAttempts);
        Assert.AreEqual("UTC", jobs["nightly"].TimeZoneId);
        Assert.IsNotNull(jobs["nightly"].NextExecution);
    }

    [TestMethod]
    public void Sync_Again_UpdatesChangedCronAndRemovesUndefinedAndDisabledJobs()
    {
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        ScheduleSync.Sync(manager, storage, [Schedule("nightly", "30 2 * * *"), Schedule("weekly", "0 4 * * SUN"), Schedule("dropped", "0 5 * * *")]);
        manager.AddOrUpdate("made-by-hand", Job.FromExpression(() => Console.WriteLine("hello")), "0 0 * * *", new RecurringJobOptions());

        var result = ScheduleSync.Sync(manager, storage, [Schedule("nightly", "45 3 * * *"), Schedule("weekly", "0 4 * * SUN", enabled: false), Schedule("fresh", "0 6 * * *")]);

        Assert.AreEqual("fresh", string.Join(",", result.Added));
        Assert.AreEqual("nightly", string.Join(",", result.Updated));
        Assert.AreEqual(0, result.Unchanged.Count);
        Assert.AreEqual("dropped,made-by-hand,weekly", string.Join(",", result.Removed));
        var jobs = RecurringJobs(storage);
        Assert.AreEqual("fresh,nightly", string.Join(",", jobs.Keys.Order(StringComparer.Ordinal)));
        Assert.AreEqual("45 3 * * *", jobs["nightly"].Cron);
    }

    [TestMethod]
    public void Sync_SameSchedulesTwice_ReportsUnchangedAndKeepsThem()
    {
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        IReadOnlyList<ScheduleDefinition> schedules = [Schedule("nightly", "30 2 * * *", zone: "Europe/Berlin")];
        ScheduleSync.Sync(manager, storage, schedules);

        var again = ScheduleSync.Sync(manager, storage, schedules);
        var moved = ScheduleSync.Sync(manager, storage, [Schedule("nightly", "30 2 * * *", zone: "Europe/Berlin", queue: "night")]);

        Assert.AreEqual("nightly", string.Join(",", again.Unchanged));
        Assert.AreEqual(0, again.Added.Count + again.Updated.Count + again.Removed.Count);
        Assert.AreEqual("nightly", string.Join(",", moved.Updated));
        Assert.AreEqual("night", RecurringJobs(storage)["nightly"].Job.Queue);
    }

    private static ScheduleDefinition Schedule(string id, string cron, string zone = "UTC", string queue = "default", bool enabled = true) =>
        new(id, $"pipelines/{id}.pipeline.json", $"/repo/pipelines/{id}.pipeline.json", cron, zone, queue, 3, enabled, $"/repo/schedules/{id}.schedule.json");

    private static Dictionary<string, RecurringJobDto> RecurringJobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id, StringComparer.Ordinal);
    }
}
