namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestRejectsTests
{
    [TestMethod]
    public void RunAsync_BadLines_EachRejectedWithReasonAndLineNumber()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", string.Join('\n',
            "user_id,item_id,event_type,ts,value",
            "u1,i1,view,2024-01-02T10:00:00Z,",
            "u1,i1,view",
            "u1,i1,foo,2024-01-02T10:00:00Z,",
            "u1,i1,view,15,",
            "u1,i1,view,yesterday,",
            "u1,i1,purchase,2024-01-02T10:00:00Z,-5",
            "u1,i1,rating,2024-01-02T10:00:00Z,NaN",
            ",i1,view,2024-01-02T10:00:00Z,",
            "u1,i1,view,2024-01-02T10:00:00Z,",
            "",
            "u2,i1,view,2024-01-02T10:00:00Z,",
            "u1,i\"1,view,2024-01-02T10:00:00Z,",
            "u1,i1,rating,2024-01-02T10:00:00Z,",
            "u1,i1,rating,2024-01-02T10:00:00Z,abc",
            "u1,,view,2024-01-02T10:00:00Z,",
            "u1,i1,view,2024-01-02T10:00:00Z,Infinity",
            "u1,\"i1,view,2024-01-02T10:00:00Z,") + "\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(
            context.Data.Rejected.Select(r => $"{r.LineNumber}: {r.Reason}"),
            "3: malformed line: expected 5 fields, got 3",
            "4: unknown event type 'foo'",
            "5: timestamp out of range",
            "6: unparsable timestamp",
            "7: negative amount",
            "8: non-finite value",
            "9: empty user id",
            "13: malformed line: stray quote",
            "14: missing rating value",
            "15: unparsable value",
            "16: empty item id",
            "17: non-finite value",
            "18: malformed line: quoted field spans lines");
        Assert.AreEqual("u1,i1,view,yesterday,", context.Data.Rejected[3].Raw);
        Assert.AreEqual($"canonical:{path}", context.Data.Rejected[0].Source);
        var summary = context.Data.Ingest!.Sources.Single();
        Assert.AreEqual(16, summary.InputRows);
        Assert.AreEqual(13, summary.RejectedRows);
        Assert.AreEqual(1, summary.DuplicatesDropped, "line 10 repeats line 2");
        Assert.AreEqual(2, summary.RejectedByReason["non-finite value"]);
        Assert.AreEqual(2, context.Data.Ingest.Events);
    }

    [TestMethod]
    public void RunAsync_DuplicateAcrossSourcesAsRejected_RejectedInTheLaterSource()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.csv", "1,100,10,pv,1511544070\n1,101,10,pv,1511544071\n");
        var second = folder.Write("b.csv", "2,100,10,pv,1511544070\n1,101,10,pv,1511544071\n");

        var context = IngestHarness.Run(
            [new("taobao", first), new("taobao", second)], options: """{ "maxRejectedShare": 0.5, "duplicatesAsRejected": true }""");

        var reject = context.Data.Rejected.Single();
        Assert.AreEqual($"taobao:{second}", reject.Source);
        Assert.AreEqual(2, reject.LineNumber);
        Assert.AreEqual("1,101,10,pv,1511544071", reject.Raw);
        Assert.AreEqual("duplicate event", reject.Reason);
        Assert.AreEqual(3, context.Data.Events!.Count);
        Assert.AreEqual(0, context.Data.Ingest!.DuplicatesDropped);
    }

    [TestMethod]
    public void RunAsync_RejectedShareAboveThreshold_FailsNamingFileReasonsAndFirstLines()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 8).Select(i => $"u{i},i1,view,2024-01-02T10:00:0{i}Z").ToList();
        lines.Insert(1, "u9,i1,view,soon");
        lines.Insert(3, "u9,i1,foo,2024-01-02T10:00:00Z");
        var path = folder.Write("events.csv", "user_id,item_id,event_type,ts\n" + string.Join('\n', lines));

        var error = IngestHarness.Fails("canonical", path);

        StringAssert.StartsWith(
            error.Message,
            $"{path}: 2 of 10 lines rejected (20% > 1%): 1 unknown event type 'foo', 1 unparsable timestamp; " +
            "first: line 3 \"u9,i1,view,soon\" (unparsable timestamp); line 5");
        Assert.IsFalse(error.Message.Contains('\n', StringComparison.Ordinal));
    }

    [TestMethod]
    public void RunAsync_MissingFile_FailsNamingTheFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "nope.csv");

        var error = IngestHarness.Fails("taobao", path);

        StringAssert.Contains(error.Message, $"{path}: source file not found");
    }

    [TestMethod]
    [DataRow("canonical", "user_id,item_id,event_type,ts\n")]
    [DataRow("taobao", "")]
    [DataRow("taobao", "\n\n")]
    public void RunAsync_FileWithoutDataLines_FailsAsEmpty(string format, string text)
    {
        using var folder = new TempFolder();
        var path = folder.Write("empty.csv", text);

        var error = IngestHarness.Fails(format, path);

        StringAssert.StartsWith(error.Message, $"{path}: no data lines");
    }

    [TestMethod]
    public void RunAsync_CanonicalHeaderWithoutTs_FailsNamingTheColumn()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", "user_id,item_id,event_type,time\nu1,i1,view,2024-01-02\n");

        var error = IngestHarness.Fails("canonical", path);

        StringAssert.StartsWith(error.Message, $"{path}: not a canonical file: the header lacks column 'ts'");
    }

    [TestMethod]
    public void RunAsync_CanonicalFileReadAsTaobao_FailsAsWrongFormat()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", "user_id,item_id,event_type,ts\nu1,i1,view,2024-01-02\nu2,i1,view,2024-01-03\n");

        var error = IngestHarness.Fails("taobao", path, """{ "maxRejectedShare": 1 }""");

        StringAssert.StartsWith(
            error.Message,
            $"{path}: not a taobao file: no line is a valid event (3 of 3 lines rejected): 3 malformed line: expected 5 fields, got 4; first: line 1");
    }
}
