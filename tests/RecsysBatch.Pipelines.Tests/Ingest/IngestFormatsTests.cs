using DuckDB.NET.Data;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestFormatsTests
{
    [TestMethod]
    public void RunAsync_TaobaoFile_MapsBehavioursAndKeepsFirstAppearanceKeys()
    {
        using var folder = new TempFolder();
        var path = folder.Write("UserBehavior.csv", "1,100,10,pv,1511544070\n2,101,10,buy,1511544071\n1,101,10,cart,1511544072\n3,102,11,fav,1511544073");

        var events = IngestHarness.Run("taobao", path).Data.Events!;

        IngestHarness.Same(
            IngestHarness.DescribeAll(events),
            "1|100|10|view|2017-11-24T17:21:10.000|-",
            "2|101|10|purchase|2017-11-24T17:21:11.000|-",
            "1|101|10|cart|2017-11-24T17:21:12.000|-",
            "3|102|11|fav|2017-11-24T17:21:13.000|-");
        IngestHarness.Same(events.UserKey.ToArray(), 0, 1, 0, 2);
        IngestHarness.Same(events.Items.Ids.ToArray(), "100", "101", "102");
    }

    [TestMethod]
    public void RunAsync_RetailRocketFolder_TakesLatestCategoryFromItemProperties()
    {
        using var folder = new TempFolder();
        folder.Write("events.csv", "timestamp,visitorid,event,itemid,transactionid\n1433221332117,257597,view,355908,\n" +
            "1433224214164,992329,addtocart,248676,\n1433221955914,111016,transaction,355908,4000\n1433221955915,111016,view,999,\n");
        folder.Write("item_properties_part1.csv", "timestamp,itemid,property,value\n1435460400000,355908,categoryid,1338\n" +
            "1439694000000,355908,categoryid,1400\n1435460400000,248676,790,n5.000\n1435460400000,248676,categoryid,500\n");
        folder.Write("item_properties_part2.csv", "timestamp,itemid,property,value\n1431226800000,248676,categoryid,499\n1435460400000,355908,available,1\n");

        var events = IngestHarness.Run("retailrocket", folder.Path).Data.Events!;

        IngestHarness.Same(
            IngestHarness.DescribeAll(events),
            "257597|355908|1400|view|2015-06-02T05:02:12.117|-",
            "992329|248676|500|cart|2015-06-02T05:50:14.164|-",
            "111016|355908|1400|purchase|2015-06-02T05:12:35.914|-",
            "111016|999|-|view|2015-06-02T05:12:35.915|-");
    }

    [TestMethod]
    [DataRow("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,964982703\n1,1029,3.0,964982703\n")]
    [DataRow("u.data", "1\t31\t2.5\t964982703\n1\t1029\t3\t964982703\n")]
    [DataRow("ratings.dat", "1::31::2.5::964982703\n1::1029::3::964982703\n")]
    public void RunAsync_MovieLensLayouts_GiveRatingEventsWithoutCategories(string name, string text)
    {
        using var folder = new TempFolder();

        var events = IngestHarness.Run("movielens", folder.Write(name, text)).Data.Events!;

        IngestHarness.Same(
            IngestHarness.DescribeAll(events), "1|31|-|rating|2000-07-30T18:45:03.000|2.5", "1|1029|-|rating|2000-07-30T18:45:03.000|3");
        Assert.IsFalse(events.HasCategories);
    }

    [TestMethod]
    public void RunAsync_CdnowFile_GivesPurchasesWithAmountsAndNoItems()
    {
        using var folder = new TempFolder();
        var path = folder.Write("CDNOW_master.txt", "00001 19970101  1  11.77\n   00002  19970112  2  20.00\n00001 19970102 1 0.00\n");

        var events = IngestHarness.Run("cdnow", path).Data.Events!;

        IngestHarness.Same(
            IngestHarness.DescribeAll(events),
            "00001|-|-|purchase|1997-01-01T00:00:00.000|11.77",
            "00002|-|-|purchase|1997-01-12T00:00:00.000|20",
            "00001|-|-|purchase|1997-01-02T00:00:00.000|0");
        Assert.IsFalse(events.HasItems);
    }

    [TestMethod]
    public void RunAsync_CanonicalCsvInOtherColumnOrder_ParsesQuotesOffsetsAndUnixSeconds()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv",
            "\uFEFFts,event_type,note,item_id,user_id,value,category_id\r\n" +
            "2024-01-02T10:00:00+02:00,view,\"a, note\",i1,\"u,1\",,c1\r\n" +
            "1704189600,Purchase,,\"i\"\"2\",u2,12.5,\r\n" +
            "2024-01-02T10:11:12.5Z,rating,x,i1,u2,4,c1\r\n" +
            "2024-01-03,click,x,i1,u2,,c1\r\n" +
            "2024-01-02 10:11:12,fav,x,i1,u2,,c1\r\n");

        var events = IngestHarness.Run("canonical", path).Data.Events!;

        IngestHarness.Same(
            IngestHarness.DescribeAll(events),
            "u,1|i1|c1|view|2024-01-02T08:00:00.000|-",
            "u2|i\"2|-|purchase|2024-01-02T10:00:00.000|12.5",
            "u2|i1|c1|rating|2024-01-02T10:11:12.500|4",
            "u2|i1|c1|click|2024-01-03T00:00:00.000|-",
            "u2|i1|c1|fav|2024-01-02T10:11:12.000|-");
    }

    [TestMethod]
    public void RunAsync_CanonicalParquet_ReadsRowsLikeCsvLines()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "events.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "COPY (SELECT * FROM (VALUES (7, 'i1', 'c1', 'view', TIMESTAMP '2024-01-02 10:11:12.250', NULL::DOUBLE), " +
                "(8, 'i2', NULL, 'purchase', TIMESTAMP '2024-01-03 00:00:00', 9.5), " +
                "(7, 'i1', 'c1', 'view', TIMESTAMP '2024-01-02 10:11:12.250', NULL::DOUBLE), " +
                "(9, 'i2', NULL, 'nope', TIMESTAMP '2024-01-03 00:00:00', NULL::DOUBLE)) " +
                $"t(user_id, item_id, category_id, event_type, ts, value)) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(
            IngestHarness.DescribeAll(context.Data.Events!),
            "7|i1|c1|view|2024-01-02T10:11:12.250|-",
            "8|i2|-|purchase|2024-01-03T00:00:00.000|9.5");
        IngestHarness.Same(context.Data.Rejected.Select(r => $"{r.LineNumber} {r.Reason}").ToArray(), "4 unknown event type 'nope'");
        Assert.AreEqual(1, context.Data.Ingest!.DuplicatesDropped);
        Assert.AreEqual($"canonical:{path}", context.Data.Rejected[0].Source);
    }
}
