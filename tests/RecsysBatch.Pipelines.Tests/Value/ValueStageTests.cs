using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Value;
using static RecsysBatch.Pipelines.Tests.Value.ValueHarness;

namespace RecsysBatch.Pipelines.Tests.Value;

[TestClass]
public sealed class ValueStageTests
{
    private static readonly DateOnly Snapshot = EventTableBuilder.Snapshot;

    [TestMethod]
    public void RunAsync_BgNbdCustomers_ScoresEveryCustomerAndChosenBeatsBaseline()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 800, days: 180, cohortDays: 120, seed: 7);

        var context = Run(events, Snapshot, folder.Path, horizonDays: 28);

        var table = Scores(context);
        Assert.AreEqual(800, table.RowCount);
        foreach (var name in new[] { "predicted_value", "expected_purchases", "p_alive", "expected_spend", "clv" })
        {
            Assert.IsTrue(Column<double>(table, name).All(v => double.IsFinite(v) && v >= 0), name);
        }

        Assert.IsTrue(Column<double>(table, "p_alive").All(p => p <= 1));
        Assert.IsTrue(Column<string>(table, "target").All(t => t == "revenue"));
        var tiers = Column<string>(table, "value_tier");
        Assert.AreEqual(80, tiers.Count(t => t == "A"));
        Assert.AreEqual(240, tiers.Count(t => t == "B"));
        var model = Column<string>(table, "model").Distinct().Single();
        Assert.AreEqual(1, Metric(context, model, "chosen"));
        foreach (var metric in new[] { "holdout_spearman", "holdout_top_decile_lift", "holdout_gini_normalized" })
        {
            Assert.IsGreaterThan(Metric(context, ValueRun.BaselineName, metric), Metric(context, ValueRun.ChosenName, metric), metric);
        }

        Assert.IsGreaterThan(0, Metric(context, ValuePredictions.BgNbdName, "r"));
        Assert.IsLessThan(0, Metric(context, ValuePredictions.BgNbdName, "log_likelihood"));
        Assert.IsGreaterThan(1, Metric(context, ValueFitMetrics.GammaGammaName, "q"));
        Assert.IsTrue(File.Exists(Path.Combine(folder.Path, ValueStage.StageName, ValueStage.ModelFile)) || model == ValuePredictions.BgNbdName);
    }

    [TestMethod]
    public void RunAsync_EventsAtOrAfterSnapshot_ChangeNothing()
    {
        using var folder = new TempFolder();
        var all = BtydSimulator.Events(customers: 300, days: 120, cohortDays: 90, seed: 3, afterDays: 30);
        var before = new EventTable(all.Users, all.Items, all.Categories);
        for (var e = 0; e < all.Count; e++)
        {
            if (all.TimestampMs[e] < EventTableBuilder.CutoffMs)
            {
                before.Add(all.UserKey[e], all.ItemKey[e], all.CategoryKey[e], all.Type[e], all.TimestampMs[e], all.Value[e]);
            }
        }

        Assert.IsGreaterThan(before.Count, all.Count, "the fixture has events after the snapshot");
        var withLater = Run(all, Snapshot, folder.Path);
        var withoutLater = Run(before, Snapshot, folder.Path);

        AssertSameTable(Scores(withoutLater), Scores(withLater));
        CollectionAssert.AreEqual(withoutLater.Data.Metrics, withLater.Data.Metrics);
    }

    [TestMethod]
    public void RunAsync_NoAmounts_TargetIsPurchaseDaysAndSpendIsNull()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 300, days: 120, cohortDays: 90, seed: 4, amounts: false);

        var table = Scores(Run(events, Snapshot, folder.Path));

        Assert.IsTrue(Column<string>(table, "target").All(t => t == "purchase_days"));
        var spend = table.Columns[table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf("expected_spend")];
        Assert.IsTrue(Enumerable.Range(0, table.RowCount).All(spend.IsNull));
        Assert.IsTrue(Column<double>(table, "clv").All(double.IsFinite));
    }

    [TestMethod]
    public void RunAsync_OnlyOneTimeBuyersAndRefunds_FlagsUnidentifiedDropoutAndSaysSo()
    {
        using var folder = new TempFolder();
        var builder = new EventTableBuilder();
        for (var u = 0; u < 60; u++)
        {
            builder.Before((u + 1) * EventTableBuilder.Day, $"u{u}", null, null, EventType.Purchase, 10 + u);
            builder.Before(((u % 5) + 1) * EventTableBuilder.Day / 2, $"u{u}", null, null, EventType.Purchase, -5);
        }

        var context = Run(builder.Build(), Snapshot, folder.Path, """{ "minCustomers": 10 }""", horizonDays: 7);

        var table = Scores(context);
        Assert.AreEqual(60, table.RowCount);
        foreach (var name in new[] { "predicted_value", "expected_purchases" })
        {
            Assert.IsTrue(Column<double>(table, name).All(double.IsFinite), name);
        }

        // Without a repeat purchase nothing identifies dropout: a and b run to the bound, p_alive and clv are null.
        Assert.AreEqual(1, Metric(context, ValuePredictions.BgNbdName, "at_bound"));
        Assert.IsTrue(Column<double>(table, "p_alive").Concat(Column<double>(table, "clv")).All(double.IsNaN));
        Assert.IsTrue(Column<string?>(table, "flags").All(f => f == "bgnbd_at_bound,short_history,no_repeat_purchase,spend_observed_mean" || f == "bgnbd_at_bound,no_repeat_purchase,spend_observed_mean"));
        Assert.AreEqual(ValueRun.BaselineName, Column<string>(table, "model").Distinct().Single());

        Assert.AreEqual(60, Metric(context, ValueFitMetrics.DataName, "refunds_ignored"));
        Assert.IsTrue(context.Data.Notes.Exists(n => n.Contains("learned model was not trained", StringComparison.Ordinal)));
        Assert.IsTrue(context.Data.Notes.Exists(n => n.Contains("Gamma-Gamma needs", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void CannotApplyReason_HorizonLongerThanHistory_NamesTheOption()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 200, days: 30, cohortDays: 25, seed: 1);

        var reason = CannotApply(events, Snapshot, folder.Path, horizonDays: 28);

        StringAssert.Contains(reason, "horizonDays");
        StringAssert.Contains(reason, "0 customers");
        Assert.IsNull(CannotApply(events, Snapshot, folder.Path, horizonDays: 7));
    }

    [TestMethod]
    public void CannotApplyReason_FewCustomersOrOnlyRefunds_SaysWhy()
    {
        using var folder = new TempFolder();
        var few = BtydSimulator.Events(customers: 12, days: 120, cohortDays: 60, seed: 1);
        var refunds = new EventTableBuilder().Before(EventTableBuilder.Day, "u", null, null, EventType.Purchase, -3).Build();
        var views = new EventTableBuilder().Before(EventTableBuilder.Day, "u", "i", null, EventType.View).Build();

        StringAssert.Contains(CannotApply(few, Snapshot, folder.Path), "minCustomers");
        StringAssert.Contains(CannotApply(refunds, Snapshot, folder.Path), "refunds");
        StringAssert.Contains(CannotApply(views, Snapshot, folder.Path), "no purchase events");
    }

    private static void AssertSameTable(OutputTable expected, OutputTable actual)
    {
        Assert.AreEqual(expected.RowCount, actual.RowCount);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            for (var r = 0; r < expected.RowCount; r++)
            {
                Assert.AreEqual(expected.Columns[c].GetValue(r), actual.Columns[c].GetValue(r), $"column {c}, row {r}");
            }
        }
    }
}
