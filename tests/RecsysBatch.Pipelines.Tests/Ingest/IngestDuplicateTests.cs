using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestDuplicateTests
{
    [TestMethod]
    public void RunAsync_RedeliveredLines_DroppedAndCountedNotRejected()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 100).Select(i => $"{i % 40},10,10,pv,{1511544070 + i}").ToList();
        lines.AddRange(lines.Take(10));
        var path = folder.Write("UserBehavior.csv", string.Join('\n', lines));

        var context = IngestHarness.Run("taobao", path);

        var summary = context.Data.Ingest!.Sources.Single();
        Assert.AreEqual(110, summary.InputRows);
        Assert.AreEqual(10, summary.DuplicatesDropped);
        Assert.AreEqual(0, summary.RejectedRows);
        Assert.AreEqual(10, context.Data.Ingest.DuplicatesDropped);
        Assert.AreEqual(0, context.Data.Rejected.Count);
        Assert.AreEqual(100, context.Data.Events!.Count);
    }

    [TestMethod]
    public void RunAsync_RedeliveredLinesAsRejected_CountAgainstTheShare()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 100).Select(i => $"{i % 40},10,10,pv,{1511544070 + i}").ToList();
        lines.AddRange(lines.Take(10));
        var path = folder.Write("UserBehavior.csv", string.Join('\n', lines));

        var error = IngestHarness.Fails("taobao", path, """{ "duplicatesAsRejected": true }""");

        StringAssert.StartsWith(error.Message, $"{path}: 10 of 110 lines rejected (9.09% > 1%): 10 duplicate event; first: line 101");
    }

    [TestMethod]
    public void RunAsync_DuplicateInALaterSource_CountedForThatSource()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.csv", "1,100,10,pv,1511544070\n1,101,10,pv,1511544071\n");
        var second = folder.Write("b.csv", "2,100,10,pv,1511544070\n1,101,10,pv,1511544071\n1,101,10,pv,1511544071\n");

        var context = IngestHarness.Run([new("taobao", first), new("taobao", second)]);

        IngestHarness.Same(context.Data.Ingest!.Sources.Select(s => s.DuplicatesDropped), 0L, 2L);
        Assert.AreEqual(3, context.Data.Events!.Count);
        Assert.AreEqual(
            context.Data.Ingest.InputRows,
            context.Data.Ingest.Events + context.Data.Ingest.RejectedRows + context.Data.Ingest.DuplicatesDropped + context.Data.Ingest.AfterSnapshot);
    }

    [TestMethod]
    public void RunAsync_ThresholdExceededInTheLastSource_RecordsEverythingReadAndTheSnapshot()
    {
        using var folder = new TempFolder();
        var good = folder.Write("a.csv", "1,100,10,pv,1511544070\n1,100,10,pv,1511544070\n1,101,10,nope,1511544071\n" +
            string.Join('\n', Enumerable.Range(0, 200).Select(i => $"{i},100,10,pv,{1511544070 + i}")));
        var bad = folder.Write("b.csv", "2,100,10,pv,1511630470\n2,100,10,huh,1511544070\n");
        var context = IngestHarness.Context([new("taobao", good), new("taobao", bad)]);

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.RunStage(context));

        StringAssert.StartsWith(error.Message, $"{bad}: 1 of 2 lines rejected");
        IngestHarness.Same(context.Data.Rejected.Select(r => $"{Path.GetFileName(r.Source)} {r.LineNumber} {r.Reason}"),
            "a.csv 3 unknown event type 'nope'", "b.csv 2 unknown event type 'huh'");
        var ingest = context.Data.Ingest!;
        IngestHarness.Same(ingest.Sources.Select(s => $"{s.InputRows} {s.RejectedRows} {s.DuplicatesDropped}"), "203 1 1", "2 1 0");
        Assert.AreEqual(new DateOnly(2017, 11, 26), context.SnapshotDate);
    }

    [TestMethod]
    public void RunAsync_FirstOfTwoSourcesFails_RecordsItsLinesSnapshotStaysUnknown()
    {
        using var folder = new TempFolder();
        var bad = folder.Write("a.csv", "1,100,10,pv,1511544070\n1,100,10,huh,1511544070\n");
        var good = folder.Write("b.csv", "2,100,10,pv,1511544070\n");
        var context = IngestHarness.Context([new("taobao", bad), new("taobao", good)]);

        Assert.ThrowsExactly<RecsysException>(() => IngestHarness.RunStage(context));

        Assert.AreEqual(2, context.Data.Ingest!.InputRows);
        Assert.AreEqual(1, context.Data.Ingest.RejectedRows);
        Assert.AreEqual(1, context.Data.Rejected.Count);
        Assert.IsFalse(context.HasSnapshotDate, "the second source could hold newer events");
    }

    [TestMethod]
    public void RunAsync_NoValidLineWithAsOf_RecordsTheRejectedLines()
    {
        using var folder = new TempFolder();
        var bad = folder.Write("a.csv", "1,100,10,huh,1511544070\n1,100,10,what,1511544070\n");
        var context = IngestHarness.Context([new("taobao", bad)], new DateOnly(2017, 12, 1));

        var error = Assert.ThrowsExactly<RecsysException>(() => IngestHarness.RunStage(context));

        StringAssert.StartsWith(error.Message, $"{bad}: not a taobao file");
        Assert.AreEqual(2, context.Data.Rejected.Count);
        Assert.AreEqual(2, context.Data.Ingest!.RejectedRows);
        Assert.AreEqual(new DateOnly(2017, 12, 1), context.SnapshotDate);
    }
}
