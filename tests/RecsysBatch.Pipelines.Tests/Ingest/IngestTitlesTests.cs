using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Features;
using RecsysBatch.Pipelines.Ranking;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Ingest;

/// <summary>Item titles from real log layouts (MovieLens movies.csv, Online Retail Description) to the tables that show item ids.</summary>
[TestClass]
public sealed class IngestTitlesTests
{
    private const string Toy = "Toy Story (1995)";
    private const string Comma = "American President, The (1995)";

    [TestMethod]
    public void MovieLens_MoviesCsvBeside_TitlesReachItemFeaturesCandidatesAndRecommendations()
    {
        using var temp = new TempFolder();
        var ratings = WriteRatings(temp);
        temp.Write("movies.csv", $"movieId,title,genres\n1,{Toy},Adventure|Animation\n11,\"{Comma}\",Comedy|Drama|Romance\n"
            + "2,\"Jumanji \"\"Remastered\"\" (1995)\",Adventure\n3,,Comedy\n");

        var ingested = IngestHarness.Run("movielens", ratings);
        var events = ingested.Data.RequireEvents();

        Assert.AreEqual(Toy, Title(events, "1"));
        Assert.AreEqual(Comma, Title(events, "11"), "a quoted title keeps its comma");
        Assert.AreEqual("Jumanji \"Remastered\" (1995)", Title(events, "2"));
        Assert.IsNull(Title(events, "3"), "an empty title is none");
        Assert.IsNull(Title(events, "4"), "a movie not in movies.csv has none");

        var features = Output(Run(events, temp.Path), FeatureTables.ItemFeatures);
        AssertTitlesMatch(events, features);
        Assert.AreEqual(Comma, Cell(features, "title", RowOfItem(features, "11")));

        var candidates = Output(Factorization.FactorizeHarness.RunFactorize(events, """{ "topK": 3 }""", snapshot: ingested.SnapshotDate), FactorizeTables.Candidates);
        Assert.IsGreaterThan(0, candidates.RowCount);
        AssertTitlesMatch(events, candidates);
        Assert.IsTrue(Column(candidates, "title").Any(t => t is not null), "some candidate has a title");

        // The rank stage hands each candidate row's events.ItemTitle to the list writer.
        var itemIds = Column(candidates, "item_id").Cast<string>().ToArray();
        var userIds = Column(candidates, "user_id").Cast<string>().ToArray();
        var scores = Column(candidates, "score").Cast<double>().ToArray();
        var recommendations = RankListWriter.Build(userIds, itemIds, scores, scores, [.. scores.Select(_ => double.NaN)],
            new ScorerCalibration(RankChampion.Mf, 0, 1, 1, 0), topN: 2, "v", itemTitles: [.. itemIds.Select(i => Title(events, i))]);
        AssertTitlesMatch(events, recommendations);
    }

    [TestMethod]
    public void MovieLens_NoMoviesCsv_EventsWithoutTitlesAndNullColumns()
    {
        using var temp = new TempFolder();
        var ratings = WriteRatings(temp);

        var events = IngestHarness.Run("movielens", ratings).Data.RequireEvents();

        Assert.IsFalse(events.HasItemTitles);
        Assert.IsTrue(Enumerable.Range(0, events.Items.Count).All(i => events.ItemTitle(i) is null));
        var features = Output(Run(events, temp.Path), FeatureTables.ItemFeatures);
        Assert.IsGreaterThan(0, features.RowCount);
        Assert.IsTrue(Column(features, "title").All(t => t is null));
    }

    [TestMethod]
    public void MovieLens_MalformedMoviesCsvLine_FailsNamingFileAndLine()
    {
        using var temp = new TempFolder();
        var ratings = WriteRatings(temp);
        var movies = temp.Write("movies.csv", $"movieId,title,genres\n1,{Toy},Adventure\n11,\"{Comma},Comedy\n");

        var error = IngestHarness.Fails("movielens", ratings);

        StringAssert.StartsWith(error.Message, $"{movies}: line 3: malformed line: quoted field spans lines");
        Assert.DoesNotContain("\n", error.Message);
    }

    [TestMethod]
    public void OnlineRetail_TwoDescriptionsForOneCode_TheMostFrequentIsTheTitle()
    {
        using var temp = new TempFolder();
        var file = temp.Write("online_retail.csv", string.Join("\n",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "536365,85123A,CREAM HANGING HEART T-LIGHT HOLDER,6,2011-03-01 08:26:00,2.55,17850,United Kingdom",
            "536366,85123A,  WHITE HANGING HEART T-LIGHT HOLDER ,6,2011-03-02 08:26:00,2.55,17850,United Kingdom",
            "536367,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2011-03-03 08:26:00,2.55,13047,United Kingdom",
            "536368,85123A,damaged,1,2011-03-03 09:00:00,0,,United Kingdom",
            "536369,85123A,damaged,1,2011-03-03 09:01:00,0,,United Kingdom",
            "536370,85123A,damaged,1,2011-03-03 09:02:00,0,,United Kingdom",
            "536371,22633,\"HAND WARMER, UNION JACK\",10,2011-03-02 08:28:00,1.85,17850,United Kingdom",
            "536372,22633,HAND WARMER RED,10,2011-03-02 08:29:00,1.85,13047,United Kingdom",
            "536373,84879,\"BIRD\u0007 ORNAMENT\",32,2011-03-03 08:34:00,1.69,13047,United Kingdom",
            "536374,21730,,3,2011-03-06 10:00:00,4.25,13047,United Kingdom") + "\n");

        var events = IngestHarness.Run("online-retail", file).Data.RequireEvents();

        Assert.AreEqual("WHITE HANGING HEART T-LIGHT HOLDER", Title(events, "85123A"), "2 of 3 purchase lines (trimmed); lines without a customer do not vote");
        Assert.AreEqual("HAND WARMER, UNION JACK", Title(events, "22633"), "a tie goes to the description seen first");
        Assert.AreEqual("BIRD\\x07 ORNAMENT", Title(events, "84879"), "controls are escaped");
        Assert.IsNull(Title(events, "21730"), "no description, no title");
    }

    [TestMethod]
    public void OnlineRetail_VeryLongDescription_CutTo256CharactersWithAMark()
    {
        using var temp = new TempFolder();
        var file = temp.Write("online_retail.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + $"536365,85123A,{new string('x', 1000)},6,2011-03-01 08:26:00,2.55,17850,United Kingdom\n");

        var title = Title(IngestHarness.Run("online-retail", file).Data.RequireEvents(), "85123A");

        Assert.AreEqual(256, title!.Length);
        Assert.EndsWith("...", title);
    }

    private static string WriteRatings(TempFolder temp)
    {
        var lines = new List<string> { "userId,movieId,rating,timestamp" };
        var movies = new[] { "1", "11", "2", "3", "4" };
        for (var u = 1; u <= 8; u++)
        {
            for (var m = 0; m < movies.Length; m++)
            {
                if ((u + m) % 3 != 0)
                {
                    lines.Add($"{u},{movies[m]},{1 + ((u * m) % 5)}.0,{1_700_000_000 + (u * 86_400) + (m * 3_600)}");
                }
            }
        }

        return temp.Write("ratings.csv", string.Join("\n", lines) + "\n");
    }

    private static string? Title(EventTable events, string itemId) =>
        events.Items.TryGetKey(itemId, out var key) ? events.ItemTitle(key) : throw new AssertFailedException($"no item {itemId}");

    private static List<object?> Column(OutputTable table, string name) => [.. Enumerable.Range(0, table.RowCount).Select(r => Cell(table, name, r))];

    private static int RowOfItem(OutputTable table, string itemId) => Column(table, "item_id").IndexOf(itemId);

    /// <summary>Every row's title is its item's title in the event table (null where it has none).</summary>
    private static void AssertTitlesMatch(EventTable events, OutputTable table)
    {
        Assert.IsGreaterThan(0, table.RowCount, table.Schema.Name);
        for (var r = 0; r < table.RowCount; r++)
        {
            var item = (string)Cell(table, "item_id", r)!;
            Assert.AreEqual(Title(events, item), Cell(table, "title", r), $"{table.Schema.Name} row {r} ({item})");
        }
    }
}
