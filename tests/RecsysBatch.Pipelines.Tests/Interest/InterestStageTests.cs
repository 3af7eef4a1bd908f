using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Interest;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Interest;

[TestClass]
public sealed class InterestStageTests
{
    private static readonly long Day = EventTableBuilder.Day;

    /// <summary>60 days of random background events (users u*, categories c0-c7) plus the hand-checked users.</summary>
    private static EventTable Events()
    {
        var table = SyntheticEvents.Create(users: 80, items: 40, categories: 8, events: 4000, seed: 3);
        void Add(string user, string category, EventType type, long msBefore) =>
            table.Add(table.Users.GetOrAdd(user), table.Items.GetOrAdd("hand-item"), table.Categories.GetOrAdd(category), type, EventTableBuilder.CutoffMs - msBefore, double.NaN);

        // "mover": one view of x1 ten days back, a purchase of x2 one day back (inside the 3-day recent window).
        Add("mover", "x1", EventType.View, 10 * Day);
        Add("mover", "x2", EventType.Purchase, Day);
        Add("mover", "x2", EventType.View, 40 * Day);      // outside the 30-day long-term window: ignored
        Add("newbie", "c1", EventType.View, 2 * Day);      // one event: below minHistoryEvents
        return table;
    }

    [TestMethod]
    public void CannotApplyReason_NoCategories_SaysSo()
    {
        using var folder = new TempFolder();
        var events = new EventTableBuilder().Before(Day, "u", "i", null, EventType.Rating, 4).Before(50 * Day, "u", "j", null, EventType.Rating, 3).Build();
        var context = InterestHarness.Context(events, EventTableBuilder.Snapshot, folder.Path);

        var reason = new InterestStage(NullLogger<InterestStage>.Instance).CannotApplyReason(context);

        StringAssert.Contains(reason, "no item categories");
    }

    [TestMethod]
    public void CannotApplyReason_HistoryShorterThanThreeWindows_NamesTheOption()
    {
        using var folder = new TempFolder();
        var events = new EventTableBuilder().Before(Day, "u", "i", "c", EventType.View).Before(20 * Day, "u", "i", "c", EventType.View).Build();
        var stage = new InterestStage(NullLogger<InterestStage>.Instance);

        var reason = stage.CannotApplyReason(InterestHarness.Context(events, EventTableBuilder.Snapshot, folder.Path));
        var shorter = stage.CannotApplyReason(InterestHarness.Context(events, EventTableBuilder.Snapshot, folder.Path, """{ "nextWindowDays": 6 }"""));

        StringAssert.Contains(reason, "20.0 days");
        StringAssert.Contains(reason, "nextWindowDays");
        Assert.IsNull(shorter);
    }

    [TestMethod]
    public void RunAsync_HandMadeUser_SharesDriftAndPopulationFlag()
    {
        using var folder = new TempFolder();
        var context = InterestHarness.Run(Events(), EventTableBuilder.Snapshot, folder.Path, """{ "topCategories": 30, "minHistoryEvents": 2 }""");

        var drift = Output(context, InterestTables.Drift);
        var row = RowOf(drift, "mover");
        // Long-term: x1 = 1 × 0.5^(10/14), x2 = 8 × 0.5^(1/14) → shares 0.0741 / 0.9259; recent: x2 only.
        Assert.AreEqual(0.0380900, (double)Cell(drift, "drift_js", row)!, 1e-6);
        Assert.AreEqual("x2", Cell(drift, "emerging_category", row));
        Assert.AreEqual("x1", Cell(drift, "fading_category", row));
        Assert.AreEqual(1, Cell(drift, "events_recent", row));
        Assert.AreEqual(2, Cell(drift, "events_long_term", row));

        var evolution = Output(context, InterestTables.Evolution);
        var x2 = Rows(evolution, "mover").Single(r => (string?)Cell(evolution, "category_id", r) == "x2");
        Assert.AreEqual(0.9258784, (double)Cell(evolution, "share_long_term", x2)!, 1e-6);
        Assert.AreEqual(1.0, Cell(evolution, "share_recent", x2));
        var newbie = Rows(evolution, "newbie");
        Assert.IsTrue(newbie.All(r => (bool)Cell(evolution, "population_prediction", r)!));
        Assert.IsFalse(Rows(evolution, "u0").Any(r => (bool)Cell(evolution, "population_prediction", r)!));
        var predicted = Rows(evolution, "u0").Select(r => (double)Cell(evolution, "predicted_share_next", r)!).ToList();
        CollectionAssert.AreEqual(predicted.OrderByDescending(p => p).ToList(), predicted, "rows are in rank order");
        Assert.IsTrue(File.Exists(Path.Combine(folder.Path, "interest", InterestStage.ModelFile)));
        Assert.IsTrue(context.Data.Notes.Single().StartsWith("interest: next window 7 d; model trained on", StringComparison.Ordinal), context.Data.Notes.Single());
    }

    [TestMethod]
    public void RunAsync_EventsAtOrAfterCutoff_ChangeNothing()
    {
        using var folder = new TempFolder();
        var before = InterestHarness.Run(Events(), EventTableBuilder.Snapshot, Path.Combine(folder.Path, "a"));
        var late = Events();
        late.Add(late.Users.GetOrAdd("mover"), 0, late.Categories.GetOrAdd("x1"), EventType.Purchase, EventTableBuilder.CutoffMs, double.NaN);
        late.Add(late.Users.GetOrAdd("late-user"), 0, late.Categories.GetOrAdd("late-category"), EventType.View, EventTableBuilder.CutoffMs + Day, double.NaN);
        var after = InterestHarness.Run(late, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "b"));

        foreach (var schema in InterestTables.All)
        {
            CollectionAssert.AreEqual(Dump(Output(before, schema)), Dump(Output(after, schema)), schema.Name);
        }

        CollectionAssert.AreEqual(before.Data.Metrics, after.Data.Metrics);
    }

    private static List<int> Rows(OutputTable table, string user) =>
        [.. Enumerable.Range(0, table.RowCount).Where(r => (string?)Cell(table, "user_id", r) == user)];
}
