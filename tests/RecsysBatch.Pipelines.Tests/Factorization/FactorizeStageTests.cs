using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class FactorizeStageTests
{
    private static readonly Lazy<Core.Stages.StageContext> Planted = new(() => RunFactorize(PlantedEvents.Create(seed: 9), """{ "topK": 10, "similarUsers": 5 }"""));

    [TestMethod]
    public void RunAsync_PlantedGroups_HoldOutRecallWellAbovePopularity()
    {
        var context = Planted.Value;

        var mf = Metric(context, "mf", "recall@20");
        var popularity = Metric(context, "popularity", "recall@20");
        Assert.IsGreaterThan(1.5 * popularity, mf, $"mf {mf:F3} vs popularity {popularity:F3}");
        Assert.IsGreaterThan(Metric(context, "popularity", "coverage"), Metric(context, "mf", "coverage"));
        Assert.IsGreaterThan(0.0, Metric(context, "item_knn", "ndcg@20"));
        Assert.IsGreaterThan(100.0, Metric(context, "holdout", "users"));
    }

    [TestMethod]
    public void RunAsync_PlantedGroups_LeavesTheDeclaredArtifactsWithTheChosenLambdaAndAlpha()
    {
        var context = Planted.Value;
        var stage = new FactorizeStage(Microsoft.Extensions.Logging.Abstractions.NullLogger<FactorizeStage>.Instance);

        CollectionAssert.AreEquivalent(stage.Produces.ToList(), context.Data.Artifacts.ToList());
        var options = context.Data.Require(FactorizeArtifacts.Options);
        Assert.AreEqual(Metric(context, "mf", "lambda_chosen"), options.Lambda);
        Assert.AreEqual(Metric(context, "mf", "alpha_chosen"), options.Alpha);
        Assert.AreEqual(10, options.TopK, "the file's options, as bound");
        Assert.IsGreaterThan(0, context.Data.Require(FactorizeArtifacts.Model).Users);
    }

    [TestMethod]
    public void RunAsync_PlantedGroups_CandidatesUnseenRankedAndFromTheUsersGroup()
    {
        var context = Planted.Value;
        var events = context.Data.RequireEvents();
        var seen = new HashSet<(string, string)>();
        for (var j = 0; j < events.Count; j++)
        {
            seen.Add((events.Users[events.UserKey[j]], events.Items[events.ItemKey[j]]));
        }

        var candidates = Output(context, FactorizeTables.Candidates);
        var inGroup = 0;
        var mfRows = 0;
        for (var row = 0; row < candidates.RowCount; row++)
        {
            var user = (string)Cell(candidates, "user_id", row)!;
            var item = (string)Cell(candidates, "item_id", row)!;
            Assert.DoesNotContain((user, item), seen, $"{user} already had {item}");
            Assert.IsTrue(double.IsFinite((double)Cell(candidates, "score", row)!));
            if ((string)Cell(candidates, "source", row)! == "mf")
            {
                mfRows++;
                inGroup += PlantedEvents.GroupOfUser(user) == PlantedEvents.GroupOfItem(item) ? 1 : 0;
            }
        }

        Assert.AreEqual(PlantedEvents.Groups * PlantedEvents.UsersPerGroup * 10, mfRows);
        Assert.IsGreaterThan(0.8, (double)inGroup / mfRows, $"in-group share {(double)inGroup / mfRows:F3}");
        Assert.AreEqual(1, Cell(candidates, "rank", 0));
        Assert.AreEqual(2, Cell(candidates, "rank", 1));
        Assert.IsGreaterThanOrEqualTo((double)Cell(candidates, "score", 1)!, (double)Cell(candidates, "score", 0)!);
    }

    [TestMethod]
    public void RunAsync_UserWithOneItem_GetsPopularCandidates()
    {
        var candidates = Output(Planted.Value, FactorizeTables.Candidates);

        var rows = Enumerable.Range(0, candidates.RowCount).Where(r => (string)Cell(candidates, "user_id", r)! == "loner").ToList();
        Assert.HasCount(10, rows);
        Assert.IsTrue(rows.All(r => (string)Cell(candidates, "source", r)! == "popular"));
        Assert.IsTrue(rows.All(r => (string)Cell(candidates, "item_id", r)! != PlantedEvents.Item(0)));
    }

    [TestMethod]
    public void RunAsync_PlantedGroups_FactorsAndSimilarUsersMatchGroups()
    {
        var context = Planted.Value;
        var users = Output(context, FactorizeTables.UserFactors);
        var items = Output(context, FactorizeTables.ItemFactors);
        var similar = Output(context, FactorizeTables.SimilarUsers);

        Assert.AreEqual((PlantedEvents.Groups * PlantedEvents.UsersPerGroup) + 1, users.RowCount);
        Assert.AreEqual(PlantedEvents.Groups * PlantedEvents.ItemsPerGroup, items.RowCount);
        Assert.HasCount(32, (float[])Cell(items, "factors", 0)!);
        Assert.AreEqual(PlantedEvents.Groups * PlantedEvents.UsersPerGroup * 5, similar.RowCount);
        var same = Enumerable.Range(0, similar.RowCount).Count(r =>
            PlantedEvents.GroupOfUser((string)Cell(similar, "user_id", r)!) == PlantedEvents.GroupOfUser((string)Cell(similar, "similar_user_id", r)!));
        Assert.IsGreaterThan(0.9, (double)same / similar.RowCount);
        Assert.IsTrue(Enumerable.Range(0, similar.RowCount).All(r => (string)Cell(similar, "user_id", r)! != (string)Cell(similar, "similar_user_id", r)!));
    }

    [TestMethod]
    public void RunAsync_SimilarUsersPoolBelowTheMfUsers_SearchesThePoolAndChecksItAgainstTheExactSearch()
    {
        var events = PlantedEvents.Create(seed: 9);
        var pooled = RunFactorize(events, """{ "topK": 10, "similarUsers": 5, "similarUsersPool": 60 }""");
        var exact = Planted.Value;

        var similar = Output(pooled, FactorizeTables.SimilarUsers);
        var users = PlantedEvents.Groups * PlantedEvents.UsersPerGroup;
        Assert.AreEqual(users * 5, similar.RowCount, "every MF user still gets its similar users");
        var neighbours = Enumerable.Range(0, similar.RowCount).Select(r => (string)Cell(similar, "similar_user_id", r)!).ToHashSet();
        Assert.IsLessThanOrEqualTo(60, neighbours.Count, "neighbours come from the pool of 60");
        Assert.IsTrue(Enumerable.Range(0, similar.RowCount).All(r => (string)Cell(similar, "user_id", r)! != (string)Cell(similar, "similar_user_id", r)!), "never oneself");
        var pairs = Metric(pooled, "similar_users", "exact_pairs");
        var hits = Metric(pooled, "similar_users", "exact_hits");
        Assert.AreEqual(users * 5.0, pairs, "fewer than 1,000 MF users: every one is checked, 5 exact neighbours each");
        Assert.IsTrue(hits > 0 && hits < pairs, $"the pool finds some but not all exact neighbours: {hits} of {pairs}");
        Assert.IsTrue(pooled.Data.Notes.Any(n => n.Contains("similarUsersPool", StringComparison.Ordinal) && n.Contains("60 MF users", StringComparison.Ordinal)), string.Join("\n", pooled.Data.Notes));

        // The exact search's rows agree with the check: the pairs the pool found are exactly the rows both runs share.
        var exactRows = Rows(Output(exact, FactorizeTables.SimilarUsers));
        var pooledRows = Rows(similar);
        Assert.AreEqual(hits, exactRows.Count(pooledRows.Contains), "hits = exact (user, neighbour) pairs the pooled run also has");
        Assert.IsFalse(exact.Data.Metrics.Any(m => m.Model == "similar_users"), "no pool, no check: the default search is exact");
    }

    private static HashSet<(string, string)> Rows(OutputTable similar) =>
        [.. Enumerable.Range(0, similar.RowCount).Select(r => ((string)Cell(similar, "user_id", r)!, (string)Cell(similar, "similar_user_id", r)!))];

    [TestMethod]
    public void RunAsync_SameInputsAndSeed_IdenticalTablesWhateverTheThreads()
    {
        var events = PlantedEvents.Create(seed: 5);
        var one = RunFactorize(events, """{ "topK": 5, "similarUsers": 3, "threads": 1 }""");
        var two = RunFactorize(events, """{ "topK": 5, "similarUsers": 3, "threads": 2 }""");

        foreach (var schema in FactorizeTables.All)
        {
            CollectionAssert.AreEqual(DumpFactors(Output(one, schema)), DumpFactors(Output(two, schema)), schema.Name);
        }
    }

    private static List<string> DumpFactors(OutputTable table) =>
        [.. Enumerable.Range(0, table.RowCount).SelectMany(r => table.Columns.Select(c => c.GetValue(r) is float[] f ? string.Join(",", f) : $"{c.GetValue(r)}"))];
}
