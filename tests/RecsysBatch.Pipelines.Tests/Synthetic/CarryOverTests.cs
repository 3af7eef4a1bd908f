using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

/// <summary>
/// The carry-over option (a fav or cart schedules, with probability δ, a purchase U[0, D) days later): it only adds
/// purchases, leaves every other event as it was, lands in the next window at the rate H/D the ground truth uses,
/// and its planted next-window effect sits between the bounds the realised outcomes give.
/// </summary>
[TestClass]
public sealed class CarryOverTests
{
    private const double Fav = 0.5;
    private const double Cart = 0.3;
    private static readonly SyntheticOptions Off = new() { Users = 1000, Items = 800, Categories = 20, Days = 30, Seed = 9 };
    private static TempFolder s_off = null!;
    private static TempFolder s_on = null!;
    private static List<SampleRow> s_offRows = null!;
    private static List<SampleRow> s_onRows = null!;
    private static GroundTruth s_offTruth = null!;
    private static GroundTruth s_onTruth = null!;

    private static SyntheticOptions On => new()
    {
        Users = Off.Users, Items = Off.Items, Categories = Off.Categories, Days = Off.Days, Seed = Off.Seed,
        CarryOverFav = Fav, CarryOverCart = Cart,
    };

    [ClassInitialize]
    public static void Generate(TestContext context)
    {
        s_off = new TempFolder();
        s_on = new TempFolder();
        SyntheticGenerator.Generate(Off, s_off.Path);
        SyntheticGenerator.Generate(On, s_on.Path);
        s_offRows = SampleCsv.Read(s_off.File(SyntheticGenerator.EventsFileName));
        s_onRows = SampleCsv.Read(s_on.File(SyntheticGenerator.EventsFileName));
        s_offTruth = GroundTruth.Load(s_off.File(GroundTruth.FileName));
        s_onTruth = GroundTruth.Load(s_on.File(GroundTruth.FileName));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        s_off.Dispose();
        s_on.Dispose();
    }

    [TestMethod]
    public void Generate_CarryOverOn_OnlyAddsPurchasesAfterAFavOrCartOfThePair()
    {
        var remaining = s_offRows.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var extra = new List<SampleRow>();
        foreach (var row in s_onRows)
        {
            if (remaining.TryGetValue(row, out var left) && left > 0)
            {
                remaining[row] = left - 1;
            }
            else
            {
                extra.Add(row);
            }
        }

        Assert.IsTrue(remaining.Values.All(v => v == 0), "every event of the run without carry-over is still there");
        Assert.IsGreaterThan(100, extra.Count);
        Assert.IsTrue(extra.All(r => r.Type == EventType.Purchase && r.Value is > 0m), "carry-overs are purchases with an amount");
        var behaviours = s_onRows.Where(r => r.Type is EventType.Fav or EventType.Cart).ToLookup(r => (r.User, r.Item), r => r.Ts);
        var delay = TimeSpan.FromDays(On.CarryOverDays);
        foreach (var row in extra)
        {
            Assert.IsTrue(behaviours[(row.User, row.Item)].Any(t => t <= row.Ts && row.Ts - t < delay), $"u{row.User} i{row.Item} at {row.Ts:O}");
        }

        Assert.AreEqual(s_onTruth.Totals.Purchases, s_offTruth.Totals.Purchases + extra.Count);
    }

    [TestMethod]
    public void Generate_CarryOverOn_SingleFavsOfTheExposureWindowLandInTheOutcomeWindowAtHOverD()
    {
        // Pairs with exactly one fav and no cart ever: any extra purchase of the pair is that fav's carry-over.
        var (exposure, outcome, end) = Windows();
        var extras = ExtraPurchases();
        var favs = s_onRows.Where(r => r.Type == EventType.Fav).GroupBy(r => (r.User, r.Item)).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Ts);
        var carted = s_onRows.Where(r => r.Type == EventType.Cart).Select(r => (r.User, r.Item)).ToHashSet();
        var single = favs.Where(f => !carted.Contains(f.Key) && f.Value >= exposure && f.Value < outcome).Select(f => f.Key).ToList();
        var landed = single.Count(p => extras.TryGetValue(p, out var times) && times.Any(t => t >= outcome && t < end));

        var expected = Fav * s_onTruth.Effects.CarryOver!.LandingShare;
        var share = landed / (double)single.Count;
        var se = Math.Sqrt(expected * (1 - expected) / single.Count);
        Assert.IsGreaterThan(100, single.Count);
        Assert.AreEqual(0.5, s_onTruth.Effects.CarryOver.LandingShare, 1e-9);
        Assert.IsLessThan(4 * se, Math.Abs(share - expected), $"{landed}/{single.Count} landed, expected {expected:F3}");
    }

    [TestMethod]
    public void Generate_CarryOverOn_NextWindowTauBetweenBoundsAndZeroWhenOff()
    {
        var (exposure, outcome, end) = Windows();
        var units = s_onRows.Where(r => r.Type == EventType.View && r.Ts >= exposure && r.Ts < outcome).Select(r => (r.User, r.Item)).ToHashSet();
        var bought = s_onRows.Where(r => r.Type == EventType.Purchase && r.Ts >= outcome && r.Ts < end).Select(r => (r.User, r.Item)).ToHashSet();
        var effects = s_onTruth.Effects.Behaviors.ToDictionary(b => b.Behavior);
        var carry = s_onTruth.Effects.CarryOver!;

        Assert.AreEqual(units.Count, carry.Units);
        Assert.AreEqual(On.NextWindowHorizonDays, carry.HorizonDays);
        foreach (var (type, delta) in new[] { (EventType.Fav, Fav), (EventType.Cart, Cart) })
        {
            // effect_i = (1 − Y0_i)·g_i with g_i = 1 − (1 − δ·H/D)^max(n_i, 1), and Y0_i ≤ Y_i (the realised outcome).
            var d = delta * carry.LandingShare;
            var n = s_onRows.Where(r => r.Type == type && r.Ts >= exposure && r.Ts < outcome).CountBy(r => (r.User, r.Item)).ToDictionary();
            var g = units.Select(p => (Pair: p, G: 1 - Math.Pow(1 - d, Math.Max(1, n.GetValueOrDefault(p))))).ToList();
            var upper = g.Average(x => x.G);
            var lower = g.Average(x => bought.Contains(x.Pair) ? 0 : x.G);
            var tau = effects[type.ToName()].NextWindowTau;
            Assert.IsTrue(tau >= lower - 1e-4 && tau <= upper + 1e-4, $"{type}: {tau:F4} outside [{lower:F4}, {upper:F4}]");
            Assert.IsLessThan(0.15 * upper, upper - lower, "few units buy in the outcome window, so the bounds are tight");
        }

        // A click opens fav and cart: positive, below the chance that either follows a click and lands.
        Assert.IsTrue(effects["click"].NextWindowTau > 0 && effects["click"].NextWindowTau < effects["cart"].NextWindowTau, $"click {effects["click"].NextWindowTau}");
        Assert.IsNull(s_offTruth.Effects.CarryOver);
        Assert.IsTrue(s_offTruth.Effects.Behaviors.All(b => b.NextWindowTau == 0));
    }

    [TestMethod]
    public void Validate_CarryOverDelayShorterThanTwoHorizons_ThrowsNamingTheOption()
    {
        var options = On;
        options.CarryOverDays = 10;

        var error = Assert.ThrowsExactly<RecsysException>(options.Validate);

        StringAssert.Contains(error.Message, nameof(SyntheticOptions.CarryOverDays));
    }

    private static (DateTime Exposure, DateTime Outcome, DateTime End) Windows()
    {
        var end = Off.StartDate.AddDays(Off.Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var h = TimeSpan.FromDays(On.NextWindowHorizonDays);
        return (end - h - h, end - h, end);
    }

    /// <summary>Purchases of the run with carry-over that the run without it does not have, per pair.</summary>
    private static Dictionary<(int, int), List<DateTime>> ExtraPurchases()
    {
        var remaining = s_offRows.Where(r => r.Type == EventType.Purchase).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var extras = new Dictionary<(int, int), List<DateTime>>();
        foreach (var row in s_onRows.Where(r => r.Type == EventType.Purchase))
        {
            if (remaining.TryGetValue(row, out var left) && left > 0)
            {
                remaining[row] = left - 1;
                continue;
            }

            if (!extras.TryGetValue((row.User, row.Item), out var list))
            {
                extras[(row.User, row.Item)] = list = [];
            }

            list.Add(row.Ts);
        }

        return extras;
    }
}
