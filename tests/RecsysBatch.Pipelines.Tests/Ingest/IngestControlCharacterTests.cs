namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestControlCharacterTests
{
    private const string Header = "user_id,item_id,category_id,event_type,ts\n";

    [TestMethod]
    public void RunAsync_ControlCharacterInAnId_RejectedNamingTheFieldNotTruncated()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header +
            "u215,i1,c1,view,2024-01-02T10:00:00Z\n" +
            "u215\0evil,i1,c1,view,2024-01-02T11:00:00Z\n" +
            "u1,i\u0001x,c1,view,2024-01-02T12:00:00Z\n" +
            "u1,i1,c\u001b[31m,view,2024-01-02T13:00:00Z\n" +
            "u1,i1,c1,vi\u007Few,2024-01-02T14:00:00Z\n" +
            "u\t1,i1,c1,view,2024-01-02T15:00:00Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(
            context.Data.Rejected.Select(r => $"{r.LineNumber}: {r.Reason}"),
            "3: control character in user id",
            "4: control character in item id",
            "5: control character in category id",
            "6: control character in event type",
            "7: control character in user id");
        IngestHarness.Same(context.Data.Events!.Users.Ids, "u215");
        IngestHarness.Same(context.Data.Events.Items.Ids, "i1");
        IngestHarness.Same(context.Data.Events.Categories.Ids, "c1");
    }

    [TestMethod]
    public void RunAsync_RetailRocketCategoryWithControlCharacter_PropertyLineRejectedEventKeepsTheValidOne()
    {
        using var folder = new TempFolder();
        folder.Write("events.csv", "timestamp,visitorid,event,itemid,transactionid\n1433221332117,257597,view,355908,\n");
        var properties = folder.Write("item_properties_part1.csv", "timestamp,itemid,property,value\n1435460400000,355908,categoryid,1338\n" +
            "1439694000000,355908,categoryid,14\u00000\n");

        var context = IngestHarness.Run("retailrocket", folder.Path);

        var reject = context.Data.Rejected.Single();
        Assert.AreEqual($"retailrocket:{properties} 3 control character in category id", $"{reject.Source} {reject.LineNumber} {reject.Reason}");
        IngestHarness.Same(IngestHarness.DescribeAll(context.Data.Events!), "257597|355908|1338|view|2015-06-02T05:02:12.117|-");
    }

    [TestMethod]
    public void RunAsync_ControlCharactersInARejectedLine_RawShowsThemAsEscapes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,c1,view,2024-01-02T10:00:00Z\nu\0\t2,i1,c1,view,2024-01-02\u0085x\r\n");

        var reject = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""").Data.Rejected.Single();

        Assert.AreEqual("u\\x00\\x092,i1,c1,view,2024-01-02\\x85x", reject.Raw);
    }

    [TestMethod]
    public void RunAsync_RejectedLineLongerThanTheRawLimit_CutVisiblyWithItsLength()
    {
        using var folder = new TempFolder();
        var longLine = "u1,i1,c1,teleport," + new string('9', 5_000);
        var path = folder.Write("events.csv", Header + "u1,i1,c1,view,2024-01-02T10:00:00Z\n" + longLine + "\n");

        var reject = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""").Data.Rejected.Single();

        Assert.AreEqual(longLine[..1000] + "…[cut, 5018 bytes]", reject.Raw);
    }

    [TestMethod]
    public void RunAsync_EscapesNearTheRawLimit_NeverSplitAndStillCutVisibly()
    {
        using var folder = new TempFolder();
        var line = "u1,i1,c1,nope," + new string('\0', 400);
        var path = folder.Write("events.csv", Header + "u1,i1,c1,view,2024-01-02T10:00:00Z\n" + line + "\n");

        var raw = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""").Data.Rejected.Single().Raw;

        StringAssert.EndsWith(raw, "\\x00…[cut, 414 bytes]");
        Assert.AreEqual(14 + (246 * 4), raw.IndexOf('…', StringComparison.Ordinal));
        Assert.IsFalse(raw.Contains('\0', StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("user_id,item_id,event_type,ts\nu1,i1,view,2024-01-02T10:00:00Z\n" + "1234567890,i1,view,2024-01-02T10:00:00Z\n", "user id longer than 8 bytes")]
    [DataRow("user_id,item_id,event_type,ts\nu1,i1,view,2024-01-02T10:00:00Z\n" + "u2,123456789,view,2024-01-02T10:00:00Z\n", "item id longer than 8 bytes")]
    [DataRow("user_id,item_id,category_id,event_type,ts\nu1,i1,c1,view,2024-01-02T10:00:00Z\n" + "u2,i1,123456789,view,2024-01-02T10:00:00Z\n", "category id longer than 8 bytes")]
    public void RunAsync_IdLongerThanMaxIdBytes_RejectedNamingTheField(string text, string reason)
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", text);

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1, "maxIdBytes": 8 }""");

        Assert.AreEqual(reason, context.Data.Rejected.Single().Reason);
        Assert.AreEqual(1, context.Data.Events!.Count);
    }

    [TestMethod]
    public void RunAsync_MegabyteUserIdWithDefaults_RejectedAsTooLong()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(0, 150).Select(i => $"{i},10,10,pv,1511544070").Append(new string('u', 1 << 20) + ",10,10,pv,1511544070");
        var path = folder.Write("UserBehavior.csv", string.Join('\n', lines));

        var context = IngestHarness.Run("taobao", path);

        var reject = context.Data.Rejected.Single();
        Assert.AreEqual("user id longer than 256 bytes", reject.Reason);
        StringAssert.EndsWith(reject.Raw, $"…[cut, {(1 << 20) + 20} bytes]");
        Assert.AreEqual(150, context.Data.Events!.Users.Count);
    }
}
