using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Value;
using static RecsysBatch.Pipelines.Tests.Value.ValueHarness;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>Issue 15 item 5: a degenerate BG/NBD fit is flagged on the rows it makes, not only in a run note.</summary>
[TestClass]
public sealed class ValueFlagTests
{
    private static readonly DateOnly Snapshot = EventTableBuilder.Snapshot;

    [TestMethod]
    public void RunAsync_NobodyDropsOut_BgNbdAtBoundFlaggedPAliveNullAndNotChosen()
    {
        using var folder = new TempFolder();

        // Dropout p ~ Beta(1e-6, 1e4) and about one purchase in 2.5 days: every customer buys up to the snapshot, no
        // silence hints at a dropout, so the likelihood pushes a to its lower bound (the Retail sample's fit).
        var events = NobodyDropsOut();

        var context = Run(events, Snapshot, folder.Path, horizonDays: 28);

        Assert.AreEqual(1, Metric(context, ValuePredictions.BgNbdName, "at_bound"), Fitted(context));
        Assert.AreEqual(1, Metric(context, ValuePredictions.BgNbdName, "degenerate"));
        Assert.AreEqual(0, Metric(context, ValuePredictions.BgNbdName, "homogeneous_dropout"), "a → 0 is not the homogeneous-dropout limit");
        Assert.AreEqual(1, Metric(context, ValuePredictions.BgNbdName, "excluded"));
        var table = Scores(context);
        Assert.AreEqual(600, Metric(context, ValueFitMetrics.DataName, "flag_bgnbd_at_bound_rows"));
        Assert.IsTrue(Column<string?>(table, "flags").All(f => f!.Split(',').Contains("bgnbd_at_bound") && !f.Contains("bgnbd_homogeneous_dropout", StringComparison.Ordinal)));
        Assert.IsTrue(AllNull(table, "p_alive"), "p_alive is null when the fit is degenerate");
        Assert.IsTrue(AllNull(table, "clv"), "clv rests on the same fit");
        var model = Column<string>(table, "model").Distinct().Single();
        Assert.AreNotEqual(ValuePredictions.BgNbdName, model);
        Assert.AreNotEqual(ValuePredictions.BlendName, model);
        Assert.AreEqual(0, Metric(context, ValuePredictions.BgNbdName, "chosen"));
        Assert.AreEqual(1, Metric(context, model, "chosen"));
        Assert.IsTrue(context.Data.Notes.Exists(n => n.StartsWith("value: WARNING the BG/NBD fit is degenerate", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void RunAsync_NobodyDropsOutAndModelForcedBgNbd_StillNotBgNbd()
    {
        using var folder = new TempFolder();
        var context = Run(NobodyDropsOut(), Snapshot, folder.Path, """{ "model": "bgnbd" }""", horizonDays: 28);

        Assert.AreNotEqual(ValuePredictions.BgNbdName, Column<string>(Scores(context), "model").Distinct().Single());
        Assert.IsTrue(context.Data.Notes.Exists(n => n.Contains("option model bgnbd not used", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void RunAsync_WellIdentifiedFit_FlagsOnlyShortHistoryAndOneTimeBuyers()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 800, days: 180, cohortDays: 170, seed: 7);

        var context = Run(events, Snapshot, folder.Path, horizonDays: 28);

        Assert.AreEqual(0, Metric(context, ValuePredictions.BgNbdName, "degenerate"));
        var table = Scores(context);
        Assert.IsFalse(AllNull(table, "p_alive"));
        var flags = Column<string?>(table, "flags");
        var ids = Column<string>(table, "user_id");
        var first = new Dictionary<string, long>();
        var days = new Dictionary<string, HashSet<long>>();
        for (var e = 0; e < events.Count; e++)
        {
            var id = events.Users[events.UserKey[e]];
            var ms = events.TimestampMs[e];
            if (ms < EventTableBuilder.CutoffMs)
            {
                first[id] = Math.Min(first.GetValueOrDefault(id, long.MaxValue), ms);
                days.TryAdd(id, []);
                days[id].Add(ms / EventTableBuilder.Day);
            }
        }

        var shortRows = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var codes = flags[i]?.Split(',') ?? [];
            var isShort = first[ids[i]] >= EventTableBuilder.CutoffMs - (28 * EventTableBuilder.Day);
            shortRows += isShort ? 1 : 0;
            Assert.AreEqual(isShort, codes.Contains("short_history"), ids[i]);
            Assert.AreEqual(days[ids[i]].Count == 1, codes.Contains("no_repeat_purchase"), ids[i]);
            Assert.IsFalse(codes.Contains("bgnbd_at_bound"), ids[i]);
        }

        Assert.IsGreaterThan(0, shortRows, "the cohort reaches into the last horizon");
    }

    private static RecsysBatch.Core.Events.EventTable NobodyDropsOut() =>
        BtydSimulator.Events(customers: 600, days: 180, cohortDays: 120, seed: 5, r: 4, alpha: 10, a: 1e-6, b: 1e4);

    private static readonly string[] Parameters = ["r", "alpha", "a", "b", "starts_converged"];

    private static string Fitted(RecsysBatch.Core.Stages.StageContext context) =>
        string.Join(" ", Parameters.Select(m => $"{m}={Metric(context, ValuePredictions.BgNbdName, m)}"));

    private static bool AllNull(OutputTable table, string column)
    {
        var values = table.Columns[table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(column)];
        return Enumerable.Range(0, table.RowCount).All(values.IsNull);
    }
}
