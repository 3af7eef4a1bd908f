using Hangfire.InMemory;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

[TestClass]
public sealed class RunLeaseTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    [TestMethod]
    public void A_second_run_of_the_same_pipeline_and_snapshot_is_refused_until_the_first_releases()
    {
        using var storage = new InMemoryStorage();
        RunLease.Acquire(storage, "nightly", Day, "run-a", TimeProvider.System);
        RunLease.Acquire(storage, "nightly", Day, "run-a", TimeProvider.System); // refreshing its own lease is fine
        RunLease.Acquire(storage, "nightly", Day.AddDays(1), "run-b", TimeProvider.System); // another snapshot is another lease

        var refused = Assert.ThrowsExactly<RecsysException>(() => RunLease.Acquire(storage, "nightly", Day, "run-b", TimeProvider.System));
        StringAssert.Contains(refused.Message, "Run run-a of pipeline 'nightly' for snapshot 2026-11-30 is in progress");

        RunLease.Release(storage, "nightly", Day, "run-b"); // not the holder: no effect
        Assert.AreEqual("run-a", RunLease.Holder(storage, "nightly", Day));
        RunLease.Release(storage, "nightly", Day, "run-a");
        RunLease.Acquire(storage, "nightly", Day, "run-b", TimeProvider.System);
        Assert.AreEqual("run-b", RunLease.Holder(storage, "nightly", Day));
    }

    [TestMethod]
    public void A_lease_not_refreshed_for_longer_than_the_stale_limit_can_be_taken_over()
    {
        using var storage = new InMemoryStorage();
        var clock = new ShiftedTime();
        RunLease.Acquire(storage, "nightly", Day, "run-a", clock);
        clock.Shift = RunLease.StaleAfter + TimeSpan.FromMinutes(1);
        RunLease.Acquire(storage, "nightly", Day, "run-b", clock);
        Assert.AreEqual("run-b", RunLease.Holder(storage, "nightly", Day));
    }

    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
