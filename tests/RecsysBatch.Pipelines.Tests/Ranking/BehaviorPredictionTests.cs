using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Evaluation;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class BehaviorPredictionTests
{
    private const string Stage = RankStage.StageName;
    private static readonly string[] Lists = ["ranker", "mf", "popularity"];
    private static readonly string[] Models =
        [BehaviorPredictor.PurchaseModel, BehaviorPredictor.ActiveModel, BehaviorPredictor.PurchaseModel + BehaviorBaseline.Suffix, BehaviorPredictor.ActiveModel + BehaviorBaseline.Suffix];

    private static EventTable? _events;
    private static DateOnly _snapshot;
    private static StageContext? _ranked;
    private static TempFolder? _folder;

    [ClassInitialize]
    public static void RunRankStageOnSynthetic(TestContext _)
    {
        using var data = new TempFolder();
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 1500, Items = 400, Categories = 12, Days = 30, Seed = 11 }, data.Path);
        var ingested = IngestHarness.Run("canonical", Path.Combine(data.Path, SyntheticGenerator.EventsFileName));
        _events = ingested.Data.RequireEvents();
        _snapshot = ingested.SnapshotDate;
        _folder = new TempFolder();
        _ranked = RankHarness.FactorizeThenRank(_events, _snapshot, _folder.Path, """{ "topN": 5, "maxEpochs": 5 }""");
    }

    [ClassCleanup]
    public static void RemoveArtifacts() => _folder?.Dispose();

    [TestMethod]
    public void RankStage_Synthetic_WritesOneRowPerActiveUserWithProbabilitiesAndTheHorizon()
    {
        Assert.IsTrue(_ranked!.Data.TryGetOutput(BehaviorTables.BehaviorPredictions.Name, out var table));
        var cutoff = Timestamps.ToUnixMs(_snapshot);
        var active = new HashSet<string>();
        for (var e = 0; e < _events!.Count; e++)
        {
            if (_events.TimestampMs[e] < cutoff)
            {
                active.Add(_events.Users[_events.UserKey[e]]);
            }
        }

        var users = Column<string>(table, "user_id");
        Assert.AreEqual(active.Count, users.Length);
        Assert.IsTrue(active.SetEquals(users));
        foreach (var column in new[] { "p_purchase", "p_active" })
        {
            Assert.IsTrue(Column<double>(table, column).All(p => p is >= 0 and <= 1), column);
        }

        Assert.IsTrue(Column<int>(table, "horizon_days").All(h => h == 7));
        Assert.IsTrue(_ranked.Data.TryGetOutput(RankTables.Recommendations.Name, out _), "the ranker still writes its table");
    }

    [TestMethod]
    public void RankStage_Synthetic_PurchaseModelBeatsChanceAndIsNoWorseCalibratedThanTheRecencyFrequencyCells()
    {
        var auc = Metric(BehaviorPredictor.PurchaseModel, "holdout_auc");
        var brier = Metric(BehaviorPredictor.PurchaseModel, "holdout_brier");
        var baseline = BehaviorPredictor.PurchaseModel + BehaviorBaseline.Suffix;
        var baselineBrier = Metric(baseline, "holdout_brier");
        var figures = $"p_purchase AUC {auc:F3} (baseline {Metric(baseline, "holdout_auc"):F3}), Brier {brier:F4} (baseline {baselineBrier:F4}), "
            + $"log-loss {Metric(BehaviorPredictor.PurchaseModel, "holdout_logloss"):F4} (baseline {Metric(baseline, "holdout_logloss"):F4}); "
            + $"p_active AUC {Metric(BehaviorPredictor.ActiveModel, "holdout_auc"):F3}, Brier {Metric(BehaviorPredictor.ActiveModel, "holdout_brier"):F4}";
        Console.WriteLine(figures);

        Assert.IsGreaterThan(0.6, auc, figures);
        Assert.IsLessThanOrEqualTo(baselineBrier + 0.005, brier, figures);
        Assert.IsGreaterThan(0.6, Metric(BehaviorPredictor.ActiveModel, "holdout_auc"), figures);
    }

    [TestMethod]
    public void RankStage_Synthetic_CalibrationDecilesCoverEveryEvaluatedRow()
    {
        foreach (var model in Models)
        {
            var rows = Metric(model, "holdout_rows");
            var binned = Enumerable.Range(1, BehaviorMetrics.Bins).Sum(d => Metric(model, $"holdout_calibration_decile_{d:00}_rows"));
            Assert.IsGreaterThan(0, rows, model);
            Assert.AreEqual(rows, binned, model);

            // Deciles are by prediction, highest first.
            Assert.IsGreaterThanOrEqualTo(Metric(model, "holdout_calibration_decile_10_mean_predicted"), Metric(model, "holdout_calibration_decile_01_mean_predicted"), model);
        }
    }

    [TestMethod]
    public void RankStage_Synthetic_NdcgOfHeldOutListsForRankerMfAndPopularity()
    {
        var figures = string.Join(", ", Lists.Select(m => $"{m} {Metric(m, "ndcg@10"):F3}"));
        Console.WriteLine("NDCG@10: " + figures);

        Assert.IsGreaterThan(0, Metric("holdout", "users"));
        foreach (var model in Lists)
        {
            Assert.IsTrue(Metric(model, "ndcg@10") is > 0 and <= 1, figures);
        }

        Assert.IsGreaterThan(0, Metric("behavior", "scored_users"));
        Console.WriteLine($"behavior seconds {Metric("behavior", "seconds"):F2}");
    }

    [TestMethod]
    public void Ndcg_TiesGetTheExpectedDiscountAndUsersWithoutPositivesAreLeftOut()
    {
        // User 1: the positive is second (1/log2 3). User 2: a tie of a positive and a negative on top ((1 + 1/log2 3) / 2).
        // User 3: no positive, not counted.
        float[] scores = [3, 2, 1, 5, 5, 0, 1];
        float[] labels = [0, 1, 0, 1, 0, 0, 0];
        int[] users = [1, 1, 1, 2, 2, 2, 3];

        var (ndcg, counted) = ListNdcg.Mean(scores, labels, users, 10);

        Assert.AreEqual(2, counted);
        var second = 1 / Math.Log2(3);
        Assert.AreEqual((second + ((1 + second) / 2)) / 2, ndcg, 1e-12);
        Assert.AreEqual(0.5 * (0 + 0.5), ListNdcg.Mean(scores, labels, users, 1).Ndcg, 1e-12, "depth 1: only the top place counts");
    }

    [TestMethod]
    public void RankStage_BehaviorPredictionsOff_WritesOnlyTheRecommendations()
    {
        using var folder = new TempFolder();

        var context = RankHarness.FactorizeThenRank(_events!, _snapshot, folder.Path, """{ "behaviorPredictions": false, "anchors": 1, "maxEpochs": 2 }""");

        Assert.IsFalse(context.Data.TryGetOutput(BehaviorTables.BehaviorPredictions.Name, out _));
        Assert.IsFalse(context.Data.Metrics.Any(m => m.Model.StartsWith("p_", StringComparison.Ordinal) || m.Model == "behavior"));
        Assert.IsTrue(context.Data.TryGetOutput(RankTables.Recommendations.Name, out _));
    }

    [TestMethod]
    public void Run_EventsAtOrAfterTheCutoff_ChangeNothing()
    {
        var cutoff = Timestamps.ToUnixMs(_snapshot.AddDays(-7));
        var before = Filter(_events!, e => _events!.TimestampMs[e] < cutoff);
        Assert.IsGreaterThan(before.Count, _events!.Count, "the fixture has events at or after the cutoff");

        var withLater = BehaviorPredictor.Run(_events!, cutoff, 7, 3, 42, Stage);
        var withoutLater = BehaviorPredictor.Run(before, cutoff, 7, 3, 42, Stage);

        Assert.IsNotNull(withLater.Table);
        Assert.IsNotNull(withoutLater.Table);
        foreach (var column in BehaviorTables.BehaviorPredictions.DataColumns.Select(c => c.Name))
        {
            CollectionAssert.AreEqual(Values(withoutLater.Table, column), Values(withLater.Table, column), column);
        }

        CollectionAssert.AreEqual(withoutLater.Metrics.Where(m => m.Metric != "seconds").ToList(), withLater.Metrics.Where(m => m.Metric != "seconds").ToList());
    }

    [TestMethod]
    public void Run_NoPurchases_SkipsPPurchaseWithANoteAndStillPredictsActivity()
    {
        var noPurchases = Filter(_events!, e => _events!.Type[e] != EventType.Purchase);

        var result = BehaviorPredictor.Run(noPurchases, Timestamps.ToUnixMs(_snapshot), 7, 2, 42, Stage);

        Assert.IsNotNull(result.Table);
        Assert.IsTrue(Column<double>(result.Table, "p_purchase").All(double.IsNaN));
        Assert.IsTrue(Enumerable.Range(0, result.Table.RowCount).All(result.Table.Columns[1].IsNull));
        Assert.IsTrue(Column<double>(result.Table, "p_active").All(p => p is >= 0 and <= 1));
        Assert.IsTrue(result.Notes.Any(n => n.StartsWith("rank: behavior_predictions: p_purchase skipped: 0 positive", StringComparison.Ordinal)), string.Join("\n", result.Notes));
        Assert.IsFalse(result.Metrics.Any(m => m.Model == BehaviorPredictor.PurchaseModel));
    }

    private static EventTable Filter(EventTable all, Func<int, bool> keep)
    {
        var result = new EventTable(all.Users, all.Items, all.Categories);
        for (var e = 0; e < all.Count; e++)
        {
            if (keep(e))
            {
                result.Add(all.UserKey[e], all.ItemKey[e], all.CategoryKey[e], all.Type[e], all.TimestampMs[e], all.Value[e]);
            }
        }

        return result;
    }

    private static double Metric(string model, string metric) => StageHarness.Metric(_ranked!, Stage, model, metric);

    private static T[] Column<T>(OutputTable table, string name) =>
        ((OutputColumn<T>)table.Columns[table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name)]).Values;

    private static object?[] Values(OutputTable table, string name)
    {
        var column = table.Columns[table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name)];
        return [.. Enumerable.Range(0, table.RowCount).Select(column.GetValue)];
    }
}
