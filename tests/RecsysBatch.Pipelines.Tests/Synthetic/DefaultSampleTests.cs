using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

/// <summary>Checks on one sample generated with the default options (the committed data/sample is made the same way).</summary>
[TestClass]
public sealed class DefaultSampleTests
{
    private static readonly SyntheticOptions Options = new();
    private static readonly string[] Behaviors = ["click", "fav", "cart"];
    private static TempFolder s_folder = null!;
    private static SyntheticSummary s_summary = null!;
    private static List<SampleRow> s_rows = null!;
    private static GroundTruth s_truth = null!;

    [ClassInitialize]
    public static void Generate(TestContext context)
    {
        s_folder = new TempFolder();
        s_summary = SyntheticGenerator.Generate(Options, s_folder.Path);
        s_rows = SampleCsv.Read(s_folder.File(SyntheticGenerator.EventsFileName));
        s_truth = GroundTruth.Load(s_folder.File(GroundTruth.FileName));
    }

    [ClassCleanup]
    public static void Cleanup() => s_folder.Dispose();

    [TestMethod]
    public void Generate_Defaults_FilesAndEventCountWithinBudget()
    {
        Assert.IsLessThan(5_000_000L, new FileInfo(s_folder.File(SyntheticGenerator.EventsFileName)).Length);
        Assert.IsLessThan(1_500_000L, new FileInfo(s_folder.File(GroundTruth.FileName)).Length);
        Assert.IsTrue(s_rows.Count is >= 60_000 and <= 100_000, $"{s_rows.Count} events");
        Assert.AreEqual(s_summary.Events, s_rows.Count);
        Assert.AreEqual(s_summary.Purchases, s_rows.Count(r => r.Type == EventType.Purchase));
    }

    [TestMethod]
    public void Generate_Defaults_RowsCanonicalAndSortedInPeriod()
    {
        var start = Options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(Options.Days);
        for (var i = 0; i < s_rows.Count; i++)
        {
            var row = s_rows[i];
            Assert.IsTrue(row.Ts >= start && row.Ts < end, $"row {i}: {row.Ts:O}");
            Assert.IsTrue(i == 0 || s_rows[i - 1].Ts <= row.Ts, $"row {i} out of time order");
            Assert.IsTrue(row.User < Options.Users && row.Item < Options.Items && row.Category < Options.Categories, $"row {i}: ids out of range");
            Assert.AreEqual(row.Type == EventType.Purchase, row.Value is > 0m, $"row {i}: value {row.Value} on {row.Type}");
        }

        // Every canonical type but rating occurs; the heavy tail shows as a top order far above the median.
        CollectionAssert.AreEquivalent(
            new[] { EventType.View, EventType.Click, EventType.Fav, EventType.Cart, EventType.Purchase },
            s_rows.Select(r => r.Type).Distinct().ToArray());
        var amounts = s_rows.Where(r => r.Value is not null).Select(r => r.Value!.Value).Order().ToList();
        Assert.IsGreaterThan(10 * amounts[amounts.Count / 2], amounts[^1]);
    }

    [TestMethod]
    public void Generate_Defaults_ItemsKeepTheirPlantedCategory()
    {
        foreach (var row in s_rows)
        {
            Assert.AreEqual($"c{row.Category}", s_truth.Items[row.Item].CategoryId, $"item i{row.Item}");
        }
    }

    [TestMethod]
    public void Generate_Defaults_FunnelEventsFollowAViewOfTheSameItem()
    {
        // Every click, fav, cart and purchase is generated after a view of its item in the same session.
        var firstView = new Dictionary<(int, int), DateTime>();
        var checkedEvents = 0;
        foreach (var row in s_rows)
        {
            if (row.Type == EventType.View)
            {
                firstView.TryAdd((row.User, row.Item), row.Ts);
                continue;
            }

            Assert.IsTrue(firstView.TryGetValue((row.User, row.Item), out var viewed) && viewed < row.Ts, $"u{row.User} {row.Type} i{row.Item} at {row.Ts:O} without an earlier view");
            checkedEvents++;
        }

        Assert.IsGreaterThan(10_000, checkedEvents);
    }

    [TestMethod]
    public void Generate_Defaults_UserTotalsAndActivityMatchGroundTruth()
    {
        Assert.HasCount(Options.Users, s_truth.Users);
        Assert.HasCount(Options.Items, s_truth.Items);
        var byUser = s_rows.ToLookup(r => r.User);
        foreach (var user in s_truth.Users)
        {
            var rows = byUser[int.Parse(user.UserId.AsSpan(1), provider: null)].ToList();
            var purchases = rows.Where(r => r.Type == EventType.Purchase).ToList();
            Assert.AreEqual(user.Events, rows.Count, user.UserId);
            Assert.AreEqual(user.TotalPurchases, purchases.Count, user.UserId);
            Assert.AreEqual((decimal)user.TotalSpend, purchases.Sum(r => r.Value!.Value), user.UserId);
            Assert.HasCount(10, user.TopItems);
            var first = Options.StartDate.AddDays(user.StartDay).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            Assert.IsTrue(rows.All(r => r.Ts >= first), $"{user.UserId} active before start day {user.StartDay}");
            if (user.DropoutDay is { } dropout)
            {
                var gone = Options.StartDate.AddDays(dropout).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                Assert.IsTrue(rows.All(r => r.Ts < gone), $"{user.UserId} active after dropout day {dropout}");
            }
        }

        var drifting = s_truth.Users.Count(u => u.Drifting) / (double)Options.Users;
        Assert.IsTrue(Math.Abs(drifting - Options.DriftShare) < 0.05, $"drifting share {drifting}");
        Assert.IsTrue(s_truth.Users.Any(u => u.StartDay > 0) && s_truth.Users.Any(u => u.DropoutDay is not null), "new users and dropouts both occur");
    }

    [TestMethod]
    public void Generate_Defaults_DriftersViewsMoveToTheirTargetCategory()
    {
        var views = s_rows.Where(r => r.Type == EventType.View).ToLookup(r => r.User);
        var start = Options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var drifterShift = new List<double>();
        var stayerShift = new List<double>();
        foreach (var user in s_truth.Users)
        {
            var mine = views[int.Parse(user.UserId.AsSpan(1), provider: null)].ToList();
            var firstWeek = mine.Where(r => r.Ts < start.AddDays(7)).ToList();
            var lastWeek = mine.Where(r => r.Ts >= start.AddDays(Options.Days - 7)).ToList();
            if (firstWeek.Count < 5 || lastWeek.Count < 5)
            {
                continue;
            }

            // Drifters: their target category; others: their planted top category, which should hold still.
            var category = int.Parse((user.ToCategory ?? user.CategoryInterest[0].CategoryId).AsSpan(1), provider: null);
            var shift = Share(lastWeek, category) - Share(firstWeek, category);
            (user.Drifting ? drifterShift : stayerShift).Add(user.Drifting ? shift : Math.Abs(shift));
        }

        Assert.IsGreaterThan(50, drifterShift.Count);
        Assert.IsGreaterThan(0.8, drifterShift.Count(s => s > 0) / (double)drifterShift.Count);
        Assert.IsGreaterThan(0.3, drifterShift.Average());
        Assert.IsGreaterThan(stayerShift.Average() + 0.2, drifterShift.Average());
    }

    [TestMethod]
    public void Generate_Defaults_CartRaisesPurchaseRateAndNaiveDifferenceIsConfounded()
    {
        var carted = s_rows.Where(r => r.Type == EventType.Cart).Select(r => (r.User, r.Item)).ToHashSet();
        var bought = s_rows.Where(r => r.Type == EventType.Purchase).Select(r => (r.User, r.Item)).ToHashSet();
        var viewed = s_rows.Where(r => r.Type == EventType.View).Select(r => (r.User, r.Item)).ToHashSet();
        var withCart = viewed.Where(carted.Contains).ToList();
        var withoutCart = viewed.Where(p => !carted.Contains(p)).ToList();
        var naive = (withCart.Count(bought.Contains) / (double)withCart.Count) - (withoutCart.Count(bought.Contains) / (double)withoutCart.Count);
        var planted = s_truth.Effects.Behaviors.Single(b => b.Behavior == "cart");

        Assert.IsGreaterThan(0, naive);
        Assert.IsTrue(s_truth.Effects.Exact);
        Assert.AreEqual(viewed.Count, s_truth.Effects.ViewedPairs);
        // Propensity raises both cart and purchase, so the naive difference overstates the planted effect.
        Assert.IsGreaterThan(planted.Tau, naive);
        Assert.IsTrue(planted.Segments.All(s => s.Tau > 0) && planted.Segments[0].Tau > planted.Segments[1].Tau, "segments differ");
    }

    [TestMethod]
    public void Generate_Defaults_EffectsRecordDirectAndTotalPerSegment()
    {
        var effects = s_truth.Effects.Behaviors.ToDictionary(b => b.Behavior);

        CollectionAssert.AreEquivalent(Behaviors, effects.Keys.ToArray());
        Assert.AreEqual(Options.TauCart, effects["cart"].Tau, 0.06);
        Assert.AreEqual(effects["cart"].Tau, effects["cart"].TotalTau);
        // Fav and cart follow clicks only, so a click's total effect carries part of theirs.
        Assert.IsGreaterThan(effects["click"].Tau + 0.02, effects["click"].TotalTau);
        foreach (var behavior in effects.Values)
        {
            var weighted = behavior.Segments.Sum(s => s.Tau * s.ViewedPairs) / s_truth.Effects.ViewedPairs;
            Assert.AreEqual(weighted, behavior.Tau, 1e-3, behavior.Behavior);
        }
    }

    private static double Share(List<SampleRow> views, int category) => views.Count(r => r.Category == category) / (double)views.Count;
}
