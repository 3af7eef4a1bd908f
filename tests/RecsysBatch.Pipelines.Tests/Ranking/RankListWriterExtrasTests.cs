using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>recommendations: no MF score where there is none, the scorer that scored each row, and the explanation columns.</summary>
[TestClass]
public sealed class RankListWriterExtrasTests
{
    [TestMethod]
    public void Build_MfChampionWithAFallbackUser_MfScoreNullAndScorerPopularityForThatUser()
    {
        var calibration = new ScorerCalibration(RankChampion.Mf, 0, 1, 1, 0);
        var extras = new CandidateExtras(["mf", "mf", "popular", "popular"], ["i7,i8", null, null, null], ["0.6,0.3", null, null, null]);

        // User a has MF candidates; user b is a popularity-fallback user whose factorize score is the item's popularity.
        var table = RankListWriter.Build(["a", "a", "b", "b"], ["i1", "i2", "i1", "i3"], [0.9, 0.5, double.NaN, double.NaN], [0.9, 0.5, 40, 30],
            [0.3, 0.3, 0.3, 0.3], calibration, topN: 5, "v", extras);

        Assert.AreEqual(4, table.RowCount);
        string[] scorers = ["mf", "mf", "popularity", "popularity"];
        CollectionAssert.AreEqual(scorers, Column(table, "scorer"));
        Assert.AreEqual(0.9, table.Columns[Index(table, "mf_score")].GetValue(0));
        Assert.IsNull(table.Columns[Index(table, "mf_score")].GetValue(2), "no MF score for the fallback user");
        Assert.IsNull(table.Columns[Index(table, "mf_score")].GetValue(3));
        Assert.AreEqual("i7,i8", Column(table, "because_items")[0]);
        Assert.AreEqual("0.6,0.3", Column(table, "because_shares")[0]);
        Assert.IsTrue(Enumerable.Range(1, 3).All(r => table.Columns[Index(table, "because_items")].IsNull(r)));
    }

    [TestMethod]
    public void Build_RankerChampion_EveryRowSaysRanker()
    {
        var calibration = new ScorerCalibration(RankChampion.Ranker, 0, 1, 1, 0);
        var extras = new CandidateExtras(["mf", "popular"], [null, null], [null, null]);

        var table = RankListWriter.Build(["a", "b"], ["i1", "i1"], [0.9, double.NaN], [0.1, 0.2], [0.3, 0.3], calibration, topN: 5, "v", extras);

        Assert.IsTrue(Column(table, "scorer").All(s => s == RankChampion.Ranker), "the ranker scored every row, fallback users too");
    }

    private static int Index(OutputTable table, string name) => table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name);

    private static string?[] Column(OutputTable table, string name) => ((OutputColumn<string>)table.Columns[Index(table, name)]).Values;
}
