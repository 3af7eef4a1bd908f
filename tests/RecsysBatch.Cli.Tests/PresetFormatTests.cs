namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys run --source retailrocket:` and `cdnow:` on fixtures written from the published formats.</summary>
[TestClass]
public sealed class PresetFormatTests
{
    [TestMethod]
    public void Run_RetailRocketFolderWithItemProperties_PublishesItemCategories()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(temp.File("retailrocket")).FullName;
        File.WriteAllLines(Path.Combine(folder, "events.csv"),
        [
            "timestamp,visitorid,event,itemid,transactionid",
            "1433221332117,257597,view,355908,",
            "1433224214164,992329,view,248676,",
            "1433221999827,111016,view,318965,",
            "1433222276276,483717,addtocart,355908,",
            "1433223000000,483717,transaction,355908,4000",
        ]);
        File.WriteAllLines(Path.Combine(folder, "item_properties_part1.csv"),
        [
            "timestamp,itemid,property,value",
            "1435460400000,355908,categoryid,1338",
            "1441508400000,248676,categoryid,1277",
            "1439089200000,355908,available,1",
        ]);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "retailrocket:" + folder, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var items = WarehouseReader.Query(db, "SELECT item_id, category_id, view_count_30d, cart_count_30d, purchase_count_30d FROM item_features ORDER BY item_id");
        Assert.AreEqual(3, items.Count);
        CollectionAssert.AreEqual(new object?[] { "355908", "1338", 1, 1, 1 }, items[2]);
        CollectionAssert.AreEqual(new object?[] { "248676", "1277", 1, 0, 0 }, items[0]);
        Assert.IsNull(items[1][1], "item 318965 has no categoryid property");
        Assert.AreEqual(4L, WarehouseReader.Scalar(db, "SELECT count(*) FROM user_features"));
    }

    [TestMethod]
    public void Run_CdnowTransactions_PublishesMonetaryFeaturesWithoutItems()
    {
        using var temp = new TempFolder();
        var path = temp.File("CDNOW_sample.txt");
        File.WriteAllLines(path,
        [
            "   00001 19970101  1  11.77",
            "   00002 19970112  1  12.00",
            "   00002 19970112  5  77.00",
            "   00003 19970102  2  20.76",
            "   00003 19970330  2  20.76",
        ]);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "cdnow:" + path, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        Assert.AreEqual(0L, WarehouseReader.Scalar(db, "SELECT count(*) FROM item_features"));
        var users = WarehouseReader.Query(db, "SELECT user_id, purchase_count_30d, monetary_total, snapshot_date FROM user_features ORDER BY user_id");
        Assert.AreEqual(3, users.Count);
        Assert.AreEqual("00002", users[1][0]);
        Assert.AreEqual(89.0, (double)users[1][2]!, 1e-9);
        Assert.AreEqual(1, users[2][1], "user 3's purchases on 01-02 and 03-30: only the one inside the 30 days before 1997-03-31 counts");
        Assert.AreEqual(new DateOnly(1997, 3, 31), users[0][3]);
    }
}
