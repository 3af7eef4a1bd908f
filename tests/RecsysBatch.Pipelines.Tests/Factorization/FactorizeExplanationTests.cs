using System.Globalization;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>The explanation and overlap columns of candidates and similar_users, checked against the events and factors.</summary>
[TestClass]
public sealed class FactorizeExplanationTests
{
    private static readonly Lazy<Core.Stages.StageContext> Planted = new(() => RunFactorize(PlantedEvents.Create(seed: 9), """{ "topK": 10, "similarUsers": 5, "categoryBoost": 0 }"""));

    [TestMethod]
    public void Candidates_MfRows_MfScoreIsTheFactorDotAndBecauseItemsAreSeenItemsWithFallingShares()
    {
        var context = Planted.Value;
        var seen = SeenItems(context);
        var userFactors = Factors(Output(context, FactorizeTables.UserFactors), "user_id");
        var itemFactors = Factors(Output(context, FactorizeTables.ItemFactors), "item_id");
        var candidates = Output(context, FactorizeTables.Candidates);

        var explained = 0;
        for (var r = 0; r < candidates.RowCount; r++)
        {
            if ((string)Cell(candidates, "source", r)! != "mf")
            {
                continue;
            }

            var user = (string)Cell(candidates, "user_id", r)!;
            var item = (string)Cell(candidates, "item_id", r)!;
            var mf = (double)Cell(candidates, "mf_score", r)!;
            var dot = userFactors[user].Zip(itemFactors[item], (a, b) => (double)a * b).Sum();
            Assert.AreEqual(dot, mf, 1e-4, $"{user} {item}");
            Assert.AreEqual((double)Cell(candidates, "score", r)!, mf, 1e-4, "plain MF: score = mf_score");
            if (Cell(candidates, "because_items", r) is not string because)
            {
                continue;
            }

            var items = because.Split(',');
            Assert.IsLessThanOrEqualTo(3, items.Length);
            Assert.IsTrue(items.All(seen[user].Contains), $"{user}: {because} are not all seen items");
            var shares = ((string)Cell(candidates, "because_shares", r)!).Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.HasCount(items.Length, shares);
            for (var s = 1; s < shares.Length; s++)
            {
                Assert.IsLessThanOrEqualTo(shares[s - 1], shares[s]);
            }

            Assert.IsTrue(shares.All(s => s > 0));
            explained++;
        }

        Assert.IsGreaterThan(PlantedEvents.Groups * PlantedEvents.UsersPerGroup * 9, explained, "nearly every MF row is explained");
    }

    [TestMethod]
    public void Candidates_PopularityFallbackUser_MfScoreAndBecauseNull()
    {
        var candidates = Output(Planted.Value, FactorizeTables.Candidates);

        var rows = Enumerable.Range(0, candidates.RowCount).Where(r => (string)Cell(candidates, "user_id", r)! == "loner").ToList();
        Assert.HasCount(10, rows);
        Assert.IsTrue(rows.All(r => Cell(candidates, "mf_score", r) is null));
        Assert.IsTrue(rows.All(r => Cell(candidates, "because_items", r) is null && Cell(candidates, "because_shares", r) is null));
        Assert.IsTrue(rows.All(r => (double)Cell(candidates, "score", r)! > 0), "the popular rows keep their popularity score");
    }

    [TestMethod]
    public void SimilarUsers_CommonItems_EqualsTheDistinctItemsBothUsersHad()
    {
        var context = Planted.Value;
        var seen = SeenItems(context);
        var similar = Output(context, FactorizeTables.SimilarUsers);

        Assert.IsGreaterThan(0, similar.RowCount);
        for (var r = 0; r < similar.RowCount; r++)
        {
            var a = seen[(string)Cell(similar, "user_id", r)!];
            var b = seen[(string)Cell(similar, "similar_user_id", r)!];
            Assert.AreEqual(a.Intersect(b).Count(), Cell(similar, "common_items", r), $"row {r}");
        }
    }

    [TestMethod]
    public void CommonItems_HandMadeKeyLists_CountsSharedKeys()
    {
        Assert.AreEqual(2, FactorizeOutputBuilder.CommonItems([1, 3, 5, 7], [3, 4, 5]));
        Assert.AreEqual(0, FactorizeOutputBuilder.CommonItems([1, 2], [3, 4]));
        Assert.AreEqual(0, FactorizeOutputBuilder.CommonItems([], [3]));
        Assert.AreEqual(3, FactorizeOutputBuilder.CommonItems([0, 9, 10], [0, 9, 10]));
    }

    /// <summary>Each user's distinct items in the events before the snapshot, from the event table itself.</summary>
    private static Dictionary<string, HashSet<string>> SeenItems(Core.Stages.StageContext context)
    {
        var events = context.Data.RequireEvents();
        var seen = new Dictionary<string, HashSet<string>>();
        for (var e = 0; e < events.Count; e++)
        {
            if (events.TimestampMs[e] >= context.CutoffMs)
            {
                continue;
            }

            var user = events.Users[events.UserKey[e]];
            if (!seen.TryGetValue(user, out var items))
            {
                seen[user] = items = [];
            }

            items.Add(events.Items[events.ItemKey[e]]);
        }

        return seen;
    }

    private static Dictionary<string, float[]> Factors(OutputTable table, string idColumn) =>
        Enumerable.Range(0, table.RowCount).ToDictionary(r => (string)Cell(table, idColumn, r)!, r => (float[])Cell(table, "factors", r)!);
}
