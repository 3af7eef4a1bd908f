using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// The recommendations are built a block of whole users at a time (so memory does not grow with the candidates): any
/// block size gives the table of one block, for every champion, and the stage publishes that table.
/// </summary>
[TestClass]
public sealed class RankRecommendationsBlockTests
{
    [TestMethod]
    public void Build_SmallBlocks_SameTableAsOneBlockForEveryChampion()
    {
        using var folder = new TempFolder();
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 400, Items = 150, Categories = 6, Days = 30, Seed = 5 }, folder.Path);
        var ingested = IngestHarness.Run("canonical", Path.Combine(folder.Path, SyntheticGenerator.EventsFileName));
        var events = ingested.Data.RequireEvents();
        var context = RankHarness.FactorizeThenRank(events, ingested.SnapshotDate, folder.Path, """{ "topN": 4 }""");
        var candidates = context.Data.RequireOutput(FactorizeTables.Candidates);
        var prepared = context.Data.Require(RankArtifacts.Prepared);
        var model = context.Data.Require(FactorizeArtifacts.Model);
        var contract = RankerContract.Default;
        using var scorer = new RankerScoringEstimator(prepared.Model, prepared.Version, contract, new RankerExecutionOptions { BatchSize = 64 })
            .Fit(RankerInputView.Empty(contract));
        var popularity = context.Data.Require(FactorizeArtifacts.Options).Cells(events, long.MinValue, context.CutoffMs).Popularity;
        var probability = RankUserProbability.From(context.Data, events, EventType.Purchase);
        RankRowFiller Filler() => new(contract, events, context.CutoffMs, model);

        Assert.IsTrue(context.Data.TryGetOutput(RankTables.Recommendations.Name, out var published));
        var (whole, _) = RankRecommendations.Build(candidates, events, Filler, scorer, prepared, popularity, u => probability[u], 4);
        AssertSameRows(published, whole, "published vs rebuilt");

        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f, 0.2f, 0.9f];
        float[] labels = [0, 1, 0, 1, 0, 1];
        float[] weights = [1, 1, 1, 1, 1, 1];
        foreach (var champion in new[] { RankChampion.Ranker, RankChampion.Mf, RankChampion.Popularity })
        {
            var forced = new PreparedRanker(prepared.Model, prepared.Version, prepared.Training, ScorerCalibration.Fit(champion, scores, labels, weights), false);
            var (one, scoredOne) = RankRecommendations.Build(candidates, events, Filler, scorer, forced, popularity, u => probability[u], 4, u => u % 3 != 1);
            var (blocks, scoredBlocks) = RankRecommendations.Build(candidates, events, Filler, scorer, forced, popularity, u => probability[u], 4, u => u % 3 != 1, blockRows: 37);

            Assert.IsGreaterThan(100, one.RowCount, champion);
            Assert.AreEqual(scoredOne, scoredBlocks, champion);
            AssertSameRows(one, blocks, champion);
        }
    }

    private static void AssertSameRows(OutputTable expected, OutputTable actual, string what)
    {
        Assert.AreEqual(expected.RowCount, actual.RowCount, what);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            for (var r = 0; r < expected.RowCount; r++)
            {
                Assert.AreEqual(expected.Columns[c].GetValue(r), actual.Columns[c].GetValue(r), $"{what}: {expected.Schema.DataColumns[c].Name} row {r}");
            }
        }
    }
}
