using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Tests.Value;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Stages;

/// <summary>How a stage reads its declared inputs: typed artifacts, other stages' tables by schema, columns by name and type.</summary>
[TestClass]
public sealed class WorkingStoreInputsTests
{
    private static readonly string[] Tiers = ["A", "C"];

    [TestMethod]
    public void RequireAndGet_TypedKeyAndTableSchema_ReturnWhatWasStoredOrNameTheMissingInput()
    {
        var data = new RunData();

        Assert.IsNull(data.Get(RankArtifacts.Prepared));
        Assert.IsNull(data.GetOutput(ValueTables.UserValueScores));
        var artifact = Assert.ThrowsExactly<InvalidOperationException>(() => data.Require(RankArtifacts.Prepared));
        var table = Assert.ThrowsExactly<InvalidOperationException>(() => data.RequireOutput(ValueTables.UserValueScores));
        StringAssert.Contains(artifact.Message, "rank.prepared");
        StringAssert.Contains(table.Message, "user_value_scores");

        var ranker = new PreparedRanker([1, 2], "v", "t", new ScorerCalibration(RankChampion.Mf, 0, 1, 1, 0), undecided: false);
        data.Set(RankArtifacts.Prepared, ranker);
        data.AddOutput(ValueHarness.ScoresTable(["u1", "u2"], Tiers));

        Assert.AreSame(ranker, data.Require(RankArtifacts.Prepared));
        Assert.AreEqual(1, data.VersionOf(RankArtifacts.Prepared));
        CollectionAssert.AreEqual(Tiers, data.RequireOutput(ValueTables.UserValueScores).Column<string>(ValueTables.ValueTierColumn).Values);
    }

    [TestMethod]
    public void Column_UnknownNameOrWrongType_ThrowsNamingTableAndColumn()
    {
        var table = ValueHarness.ScoresTable(["u1"], ["B"]);

        var missing = Assert.ThrowsExactly<InvalidOperationException>(() => table.Column<string>("tier"));
        var wrongType = Assert.ThrowsExactly<InvalidOperationException>(() => table.Column<double>(ValueTables.ValueTierColumn));

        StringAssert.Contains(missing.Message, "user_value_scores has no data column tier");
        StringAssert.Contains(wrongType.Message, "Column value_tier of table user_value_scores");
    }
}
