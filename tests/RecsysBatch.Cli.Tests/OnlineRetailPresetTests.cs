using System.Globalization;

namespace RecsysBatch.Cli.Tests;

/// <summary>The online-retail preset through `recsys run`: purchases valued net of returns, skipped lines counted with reasons.</summary>
[TestClass]
public sealed class OnlineRetailPresetTests
{
    private static readonly string[] ExpectedSkips =
    [
        "4:skipped: return, netted against earlier purchases",
        "5:skipped: purchase returned in full",
        "6:skipped: return, netted against earlier purchases",
        "7:skipped: return without an earlier purchase in the file",
        "9:skipped: no CustomerID",
        "10:skipped: no CustomerID",
    ];

    [TestMethod]
    public void Run_OnlineRetailLog_NetsReturnsAndSkipsLinesWithoutCustomerWithoutFailing()
    {
        using var temp = new TempFolder();
        // Half the lines are skipped (no customer, returns): far over maxRejectedShare 1%, yet the run succeeds.
        var file = temp.Write("online_retail.csv", string.Join("\n",
            "\"InvoiceNo\",\"StockCode\",\"Description\",\"Quantity\",\"InvoiceDate\",\"UnitPrice\",\"CustomerID\",\"Country\"",
            "\"536365\",\"85123A\",\"WHITE HANGING HEART T-LIGHT HOLDER\",6,\"2011-03-01 08:26:00\",2.55,17850,\"United Kingdom\"",
            "\"536366\",\"22633\",\"HAND WARMER UNION JACK\",10,\"3/2/2011 8:28\",1.85,17850.0,\"United Kingdom\"",
            "\"C536379\",\"22633\",\"HAND WARMER UNION JACK\",-4,\"2011-03-05 09:41:00\",1.85,17850,\"United Kingdom\"",
            "\"536367\",\"84879\",\"ASSORTED COLOUR BIRD ORNAMENT\",32,\"2011-03-03 08:34:00\",1.69,13047,\"United Kingdom\"",
            "\"C536380\",\"84879\",\"ASSORTED COLOUR BIRD ORNAMENT\",-32,\"2011-03-04 08:34:00\",1.69,13047,\"United Kingdom\"",
            "\"C536381\",\"21730\",\"GLASS STAR FROSTED T-LIGHT HOLDER\",-2,\"2011-03-04 10:00:00\",4.25,13047,\"United Kingdom\"",
            "\"536368\",\"21730\",\"GLASS STAR, \"\"FROSTED\"\" HOLDER\",3,\"2011-03-06 10:00:00\",4.25,13047,\"United Kingdom\"",
            "\"536369\",\"21730\",\"GLASS STAR FROSTED T-LIGHT HOLDER\",1,\"2011-03-06 11:00:00\",4.25,NA,\"United Kingdom\"",
            "\"536370\",\"22086\",\"PAPER CHAIN KIT\",2,\"2011-03-06 12:00:00\",2.95,,\"France\"") + "\n");
        var pipeline = temp.Write("retail.pipeline.json", """
            { "name": "retail", "horizonDays": 7, "sources": [], "stages": [ { "name": "ingest" }, { "name": "featurize" } ] }
            """);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "online-retail:" + file, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var reasons = WarehouseReader.Query(db, "SELECT reason, line_number FROM rejected_events ORDER BY line_number")
            .Select(r => $"{r[1]}:{r[0]}").ToList();
        CollectionAssert.AreEqual(
            ExpectedSkips,
            reasons);
        var run = WarehouseReader.Query(db, "SELECT input_rows, rejected_rows, events FROM job_runs")[0];
        Assert.AreEqual((9L, 6L, 3L), ((long)run[0]!, (long)run[1]!, (long)run[2]!));
        // 17850: 6 × 2.55 plus (10 − 4 returned) × 1.85 (the US date and the float customer id parse); 13047: 3 × 4.25.
        var spend = WarehouseReader.Query(db, "SELECT user_id, monetary_total FROM user_features ORDER BY user_id")
            .ToDictionary(r => (string)r[0]!, r => (double)r[1]!);
        Assert.HasCount(2, spend);
        Assert.AreEqual((6 * 2.55) + (6 * 1.85), spend["17850"], 1e-9);
        Assert.AreEqual(3 * 4.25, spend["13047"], 1e-9);
        Assert.AreEqual(3L, WarehouseReader.Scalar(db, "SELECT count(*) FROM item_features WHERE item_id IN ('85123A', '22633', '21730')"));
    }

    [TestMethod]
    public void Run_OnlineRetailWithBadLines_CountsOnlyThemAgainstMaxRejectedShare()
    {
        using var temp = new TempFolder();
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        for (var i = 0; i < 40; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"5{i:00000},ITEM{i % 7},THING,1,2011-03-{1 + (i % 20):00} 10:00:00,2.5,{12000 + (i % 9)},UK"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"6{i:00000},ITEM{i % 7},THING,1,2011-03-{1 + (i % 20):00} 11:00:00,2.5,,UK"));
        }

        lines.Add("7000001,ITEM1,THING,one,2011-03-02 10:00:00,2.5,12001,UK");
        var file = temp.Write("online_retail.csv", string.Join("\n", lines) + "\n");
        var pipeline = temp.Write("retail.pipeline.json", """
            { "name": "retail", "horizonDays": 7, "sources": [], "stages": [ { "name": "ingest", "options": { "maxRejectedShare": 0.01 } } ] }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "online-retail:" + file, "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        // 1 bad line of 81 is 1.23% > 1%; the 40 skipped ones are reported beside it, not counted.
        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.StdErr + outcome.StdOut, "1 of 81 lines rejected, 40 more skipped (1.23% > 1%)");
    }
}
