using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestSnapshotTests
{
    private const string Header = "user_id,item_id,event_type,ts\n";

    [TestMethod]
    public void RunAsync_NoSnapshotGiven_SnapshotIsTheDayAfterTheNewestEvent()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-05T23:59:59Z\nu2,i1,view,2024-01-02T00:00:00Z\n");

        var context = IngestHarness.Run("canonical", path);

        Assert.AreEqual(new DateOnly(2024, 1, 6), context.SnapshotDate);
        Assert.AreEqual(Timestamps.ToUnixMs(new DateOnly(2024, 1, 6)) - 1000, context.Data.Ingest!.NewestEventMs);
        Assert.AreEqual(2, context.Data.Ingest.Events);
        Assert.AreEqual(0, context.Data.Ingest.AfterSnapshot);
    }

    [TestMethod]
    public void RunAsync_EventsAtOrAfterTheSnapshot_CountedNotKeptNotRejected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header +
            "u1,i1,view,2024-01-02T10:00:00Z\nlate,i9,view,2024-01-03T00:00:00Z\nu1,i1,view,2024-01-04T00:00:00Z\nu1,i1,view,2024-01-04T00:00:00Z\n");

        var context = IngestHarness.Run("canonical", path, new DateOnly(2024, 1, 3));

        var events = context.Data.Events!;
        IngestHarness.Same(IngestHarness.DescribeAll(events), "u1|i1|-|view|2024-01-02T10:00:00.000|-");
        Assert.AreEqual(3, context.Data.Ingest!.AfterSnapshot);
        Assert.AreEqual(0, context.Data.Rejected.Count);
        Assert.IsFalse(events.Users.TryGetKey("late", out _), "an id seen only after the snapshot must not exist in the run");
        Assert.AreEqual(1, events.Items.Count);
    }

    [TestMethod]
    public void RunAsync_EventAfterTheSnapshotAdded_ChangesNothingBeforeIt()
    {
        using var folder = new TempFolder();
        const string Before = "u1,i1,view,2024-01-02T10:00:00Z\nu2,i2,cart,2024-01-02T11:00:00Z\n";
        var plain = folder.Write("a.csv", Header + Before);
        var withLate = folder.Write("b.csv", Header + "u3,i3,view,2024-01-03T00:00:00Z\n" + Before);
        var snapshot = new DateOnly(2024, 1, 3);

        var a = IngestHarness.Run("canonical", plain, snapshot).Data.Events!;
        var b = IngestHarness.Run("canonical", withLate, snapshot).Data.Events!;

        IngestHarness.Same(IngestHarness.DescribeAll(b), [.. IngestHarness.DescribeAll(a)]);
        IngestHarness.Same(b.UserKey.ToArray(), a.UserKey.ToArray());
    }

    [TestMethod]
    public void RunAsync_AllEventsAfterTheSnapshot_FailsNamingSourceAndSnapshot()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-02-01T00:00:00Z\n");

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.Run("canonical", path, new DateOnly(2024, 1, 3)));

        StringAssert.Contains(error.Message, "2024-01-03");
        StringAssert.Contains(error.Message, $"canonical:{path}");
    }

    [TestMethod]
    public void RunAsync_ValidFromOption_RejectsEarlierEventsAsOutOfRange()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2019-12-31T23:59:59Z\nu1,i1,view,2020-01-01T00:00:00Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "validFrom": "2020-01-01", "maxRejectedShare": 0.5 }""");

        Assert.AreEqual("timestamp out of range", context.Data.Rejected.Single().Reason);
        Assert.AreEqual(1, context.Data.Events!.Count);
    }

    [TestMethod]
    [DataRow("""{ "validFrom": "2030-01-01", "validTo": "2020-01-01" }""", "validFrom")]
    [DataRow("""{ "maxRejectedShare": 2 }""", "MaxRejectedShare")]
    public void RunAsync_InvalidOptions_FailWithTheOption(string options, string named)
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-02\n");

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.Run("canonical", path, options: options));

        StringAssert.Contains(error.Message, named);
    }

    [TestMethod]
    public void RunAsync_Progress_EndsAtOne()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-02\n");
        var context = IngestHarness.Context([new("canonical", path)]);
        var reports = new List<StageProgress>();
        context.Progress = new SyncProgress(reports);

        new RecsysBatch.Pipelines.Ingest.IngestStage(Microsoft.Extensions.Logging.Abstractions.NullLogger<RecsysBatch.Pipelines.Ingest.IngestStage>.Instance)
            .RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();

        Assert.AreEqual(1.0, reports[^1].Fraction);
        Assert.AreEqual("ingest", reports[^1].Stage);
    }

    private sealed class SyncProgress(List<StageProgress> reports) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => reports.Add(value);
    }
}
