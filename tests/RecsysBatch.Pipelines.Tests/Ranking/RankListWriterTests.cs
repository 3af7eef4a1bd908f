using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankListWriterTests
{
    private static readonly string[] ExpectedItems = ["i2", "i3", "i2", "i1"];
    private static readonly int[] ExpectedRanks = [1, 2, 1, 2];
    private static readonly double[] ExpectedScores = [50, 7, 50, 1];

    [TestMethod]
    public void Build_PopularityChampion_OrdersByPopularityWithScorerPopularity()
    {
        // Factorize order i1, i2, i3 (falling MF score); popularity says i2, i3, i1.
        var calibration = new ScorerCalibration(RankChampion.Popularity, 0, 1, 1, 0);

        var table = RankListWriter.Build(
            ["a", "a", "a", "b", "b"], ["i1", "i2", "i3", "i1", "i2"], [0.9, 0.5, 0.1, 0.8, 0.7], [1, 50, 7, 1, 50],
            [0.3, 0.3, 0.3, double.NaN, double.NaN], calibration, topN: 2, "v");

        Assert.AreEqual(4, table.RowCount);
        CollectionAssert.AreEqual(ExpectedItems, Column<string>(table, "item_id"));
        CollectionAssert.AreEqual(ExpectedRanks, Column<int>(table, "rank"));
        CollectionAssert.AreEqual(ExpectedScores, Column<double>(table, "score"));
        Assert.IsTrue(Column<string>(table, "scorer").All(s => s == RankChampion.Popularity));
        var pItem = Column<double>(table, "p_item");
        Assert.IsTrue(pItem.Take(2).All(p => p is > 0 and <= 0.3), string.Join(", ", pItem));
        Assert.IsGreaterThan(pItem[1], pItem[0]);
        Assert.IsTrue(pItem.Skip(2).All(double.IsNaN), "no user probability: p_item null");
    }

    [TestMethod]
    public void Build_CalibratedShareNearOne_ItemProbabilityStaysAtOrBelowTheUserProbability()
    {
        // A steep calibration: q → 1 for a large score; p_item must still not pass the user's probability.
        var calibration = new ScorerCalibration(RankChampion.Mf, 0, 1, 50, 10);

        var table = RankListWriter.Build(["a", "a", "b"], ["i1", "i2", "i1"], [5, 4, 3], [5, 4, 3], [0.02, 0.02, 0.6], calibration, topN: 5, "v");

        var users = Column<string>(table, "user_id");
        var pItem = Column<double>(table, "p_item");
        for (var r = 0; r < table.RowCount; r++)
        {
            Assert.IsLessThanOrEqualTo(users[r] == "a" ? 0.02 : 0.6, pItem[r]);
        }

        Assert.AreEqual(0.6, pItem[2], 1e-9);
    }

    private static T[] Column<T>(OutputTable table, string name) =>
        ((OutputColumn<T>)table.Columns[table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name)]).Values;
}
