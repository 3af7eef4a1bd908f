using Hangfire.InMemory;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Runs;
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
        var lease = new RunLease(storage, TimeProvider.System);
        lease.Acquire(new RunKey("nightly", Day, "run-a"));
        lease.Acquire(new RunKey("nightly", Day, "run-a")); // refreshing its own lease is fine
        lease.Acquire(new RunKey("nightly", Day.AddDays(1), "run-b")); // another snapshot is another lease

        var refused = Assert.ThrowsExactly<RecsysException>(() => lease.Acquire(new RunKey("nightly", Day, "run-b")));
        StringAssert.Contains(refused.Message, "Run run-a of pipeline 'nightly' for snapshot 2026-11-30 is in progress");

        lease.Release(new RunKey("nightly", Day, "run-b")); // not the holder: no effect
        Assert.AreEqual("run-a", lease.Holder("nightly", Day));
        lease.Release(new RunKey("nightly", Day, "run-a"));
        lease.Acquire(new RunKey("nightly", Day, "run-b"));
        Assert.AreEqual("run-b", lease.Holder("nightly", Day));
    }

    [TestMethod]
    public void A_lease_not_refreshed_for_longer_than_the_stale_limit_can_be_taken_over()
    {
        using var storage = new InMemoryStorage();
        var clock = new ShiftedTime();
        var lease = new RunLease(storage, clock);
        lease.Acquire(new RunKey("nightly", Day, "run-a"));
        clock.Shift = RunLease.StaleAfter + TimeSpan.FromMinutes(1);
        lease.Acquire(new RunKey("nightly", Day, "run-b"));
        Assert.AreEqual("run-b", lease.Holder("nightly", Day));
    }

    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
