using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestClockTests
{
    private const string Header = "user_id,item_id,event_type,ts\n";
    private static readonly DateTime Clock = new(2024, 1, 10, 12, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void RunAsync_OneEventIn2099_RejectedAsFutureAndSnapshotFollowsTheRest()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 200).Select(i => $"u{i},i1,view,2024-01-0{1 + (i % 5)}T10:00:00Z").Append("evil,i1,view,2099-06-01T00:00:00Z");
        var path = folder.Write("events.csv", Header + string.Join('\n', lines) + "\n");

        var context = IngestHarness.Run("canonical", path, clock: Clock);

        Assert.AreEqual(new DateOnly(2024, 1, 6), context.SnapshotDate);
        var reject = context.Data.Rejected.Single();
        Assert.AreEqual("future timestamp", reject.Reason);
        Assert.AreEqual(202, reject.LineNumber);
        Assert.IsFalse(context.Data.Events!.Users.TryGetKey("evil", out _));
    }

    [TestMethod]
    public void RunAsync_EventsWithinTheTolerance_SnapshotClampedToTheDayAfterTheClockEventsAfterIt()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header +
            "u1,i1,view,2024-01-10T11:00:00Z\nearly,i1,view,2024-01-11T06:00:00Z\nlate,i1,view,2024-01-11T12:00:01Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 0.5 }""", clock: Clock);

        Assert.AreEqual(new DateOnly(2024, 1, 11), context.SnapshotDate);
        Assert.AreEqual(1, context.Data.Ingest!.AfterSnapshot, "the 06:00 event is within the 24 h tolerance: after the snapshot, not rejected");
        Assert.AreEqual("4: future timestamp", context.Data.Rejected.Select(r => $"{r.LineNumber}: {r.Reason}").Single());
        Assert.IsFalse(context.Data.Events!.Users.TryGetKey("early", out _), "an event at or after the snapshot must not leave an id");
        Assert.AreEqual(1, context.Data.Events.Count);
    }

    [TestMethod]
    public void RunAsync_FutureToleranceZero_EventAfterTheClockRejected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-10T11:00:00Z\nu2,i1,view,2024-01-10T12:00:01Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 0.5, "futureToleranceHours": 0 }""", clock: Clock);

        Assert.AreEqual("future timestamp", context.Data.Rejected.Single().Reason);
        Assert.AreEqual(new DateOnly(2024, 1, 11), context.SnapshotDate);
    }

    [TestMethod]
    public void RunAsync_FutureTimestampsAboveTheShare_FailTheRun()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 50).Select(i => $"u{i},i1,view,2024-01-02T10:00:00Z").Append("u1,i1,view,2030-01-01T00:00:00Z");
        var path = folder.Write("events.csv", Header + string.Join('\n', lines));

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.Run("canonical", path, clock: Clock));

        StringAssert.StartsWith(error.Message, $"{path}: 1 of 51 lines rejected (1.96% > 1%): 1 future timestamp");
    }

    [TestMethod]
    [DataRow("""{ "futureToleranceHours": -1 }""", "FutureToleranceHours")]
    [DataRow("""{ "maxIdBytes": 0 }""", "MaxIdBytes")]
    public void RunAsync_InvalidNewOptions_FailWithTheOption(string options, string named)
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-02\n");

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.Run("canonical", path, options: options));

        StringAssert.Contains(error.Message, named);
    }
}
