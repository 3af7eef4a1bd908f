using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

[TestClass]
public sealed class CheckpointCodecTests
{
    [TestMethod]
    public void OutputTable_EveryColumnTypeWithNulls_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        var schema = new TableSchema("all_types",
        [
            new("run_id", ColumnType.String),
            new("snapshot_date", ColumnType.Date),
            new("s", ColumnType.String, Nullable: true, Description: "text ✓ \ud83d\ude00 pair"),
            new("i", ColumnType.Int32, Nullable: true),
            new("l", ColumnType.Int64),
            new("d", ColumnType.Double, Nullable: true),
            new("b", ColumnType.Boolean, Nullable: true),
            new("day", ColumnType.Date, Nullable: true),
            new("ts", ColumnType.Timestamp),
            new("v", ColumnType.FloatArray, Nullable: true),
        ]);
        var table = new OutputTable(schema,
        [
            new OutputColumn<string?>(["a", null, "ünïcödé \ud83d\ude00", "", "tab\tand\nnewline"]),
            new OutputColumn<int>([1, int.MinValue, 0, int.MaxValue, -7], [false, true, false, false, true]),
            new OutputColumn<long>([long.MinValue, 0, 1, long.MaxValue, 42]),
            new OutputColumn<double>([0.1, double.NaN, -0.0, double.PositiveInfinity, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234)]),
            new OutputColumn<bool>([true, false, true, false, true], [false, false, true, false, false]),
            new OutputColumn<DateOnly>([new(2026, 1, 1), DateOnly.MinValue, DateOnly.MaxValue, new(1999, 12, 31), new(2026, 2, 28)], [false, false, false, true, false]),
            // TIMESTAMP keeps microseconds, in UTC (as every warehouse): see Timestamps_SubMicrosecondOrNotUtc_ComeBackAsTheWarehouseStoresThem.
            new OutputColumn<DateTime>([new(2026, 1, 1, 1, 2, 3, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
                new DateTime(2026, 5, 5, 0, 0, 0, DateTimeKind.Utc).AddTicks(10), new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MaxValue.AddTicks(-9), DateTimeKind.Utc)]),
            new OutputColumn<float[]>([[1f, float.NaN], null!, [], [-0f, float.Epsilon, 3.5f], [1e30f]]),
        ]);
        var empty = new OutputTable(new TableSchema("empty", [new("x", ColumnType.Double)]), [new OutputColumn<double>([])]);

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data =>
        {
            data.AddOutput(table);
            data.AddOutput(empty);
        });

        Assert.AreEqual(2, restored.Outputs.Count);
        Assert.IsTrue(restored.TryGetOutput("all_types", out var back));
        WorkingStoreAssert.TablesEqual(table, back);
        Assert.IsTrue(back.Columns[3].IsNull(1), "NaN stays null");
        Assert.IsTrue(restored.TryGetOutput("empty", out var emptyBack));
        WorkingStoreAssert.TablesEqual(empty, emptyBack);
    }

    [TestMethod]
    public void OutputTable_ComputedColumns_RoundTripAsTheirValues()
    {
        // A stage's big table may compute its rows when read (ids from keys, explanation strings from numbers): the
        // checkpoint stores the values, and a shard on another server restores them as ordinary stored columns.
        using var temp = new TempFolder();
        var schema = new TableSchema("computed",
        [
            new("run_id", ColumnType.String),
            new("snapshot_date", ColumnType.Date),
            new("s", ColumnType.String, Nullable: true),
            new("i", ColumnType.Int32, Nullable: true),
            new("d", ColumnType.Double, Nullable: true),
        ]);
        string?[] words = ["x", null, "z"];
        var table = new OutputTable(schema,
        [
            new OutputColumn<string?>(3, r => words[r]),
            new OutputColumn<int>(3, r => r * 7, [false, false, true]),
            new OutputColumn<double>(3, r => r == 1 ? double.NaN : r / 4.0),
        ]);

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.AddOutput(table));

        Assert.IsTrue(restored.TryGetOutput("computed", out var back));
        WorkingStoreAssert.TablesEqual(table, back);
        Assert.IsFalse(((OutputColumn<string?>)back.Columns[0]).IsComputed, "restored columns are stored");
        CollectionAssert.AreEqual(new[] { "x", null, "z" }, ((OutputColumn<string?>)back.Columns[0]).Values);
    }

    [TestMethod]
    public void Timestamps_SubMicrosecondOrNotUtc_ComeBackAsTheWarehouseStoresThem()
    {
        using var temp = new TempFolder();
        var schema = new TableSchema("times", [new("ts", ColumnType.Timestamp)]);
        var local = new DateTime(2026, 5, 5, 12, 0, 0, DateTimeKind.Local);
        var table = new OutputTable(schema, [new OutputColumn<DateTime>([new DateTime(2026, 5, 5, 0, 0, 0, DateTimeKind.Utc).AddTicks(17), new(2000, 1, 1), local])]);

        var back = (OutputColumn<DateTime>)CheckpointTestRun.RoundTrip(temp.Path, data => data.AddOutput(table)).Outputs.Single().Columns[0];

        Assert.AreEqual(new DateTime(2026, 5, 5, 0, 0, 0, DateTimeKind.Utc).AddTicks(10), back.Values[0], "truncated to the microsecond");
        Assert.AreEqual(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), back.Values[1], "unspecified is taken as UTC");
        Assert.AreEqual(local.ToUniversalTime(), back.Values[2], "local is converted");
        Assert.IsTrue(back.Values.All(v => v.Kind == DateTimeKind.Utc));
    }

    [TestMethod]
    public void Strings_LoneSurrogate_ComeBackAsTheReplacementCharacter()
    {
        using var temp = new TempFolder();
        var schema = new TableSchema("texts", [new("s", ColumnType.String)]);
        var table = new OutputTable(schema, [new OutputColumn<string>(["bad \udc00 surrogate", "fine"])]);

        var back = (OutputColumn<string>)CheckpointTestRun.RoundTrip(temp.Path, data => data.AddOutput(table)).Outputs.Single().Columns[0];

        // VARCHAR is UTF-8, as in the warehouses: text that is not well-formed UTF-16 cannot be stored as it is.
        Assert.AreEqual("bad \ufffd surrogate|fine", string.Join('|', back.Values));
    }

    [TestMethod]
    public void IngestSummary_WithDuplicatesPerSource_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        var summary = new IngestSummary { Events = 7, AfterSnapshot = 1, NewestEventMs = 1_700_000_000_000 };
        summary.Sources.Add(new SourceSummary { Source = "canonical:a.csv", InputRows = 10, RejectedRows = 2, DuplicatesDropped = 3 });
        summary.Sources.Add(new SourceSummary { Source = "taobao:b.csv", InputRows = 5, DuplicatesDropped = 1 });

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.Ingest = summary);

        Assert.AreEqual("3,1", string.Join(',', restored.Ingest!.Sources.Select(s => s.DuplicatesDropped)));
        Assert.AreEqual(4L, restored.Ingest.DuplicatesDropped);
        Assert.AreEqual(2L, restored.Ingest.RejectedRows);
    }

    [TestMethod]
    public void EventTable_WithIdMapsMissingKeysAndNaN_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        var events = new EventTable(capacity: 4);
        for (var i = 0; i < 5_000; i++)
        {
            var user = events.Users.GetOrAdd($"user-{i % 97}");
            var item = i % 11 == 0 ? EventTable.NoKey : events.Items.GetOrAdd($"item-{i % 313}");
            var category = i % 7 == 0 ? EventTable.NoKey : events.Categories.GetOrAdd($"cat-{i % 13}-é");
            events.Add(user, item, category, (EventType)(i % EventTypes.Count), 1_700_000_000_000L + (i * 1_000L), i % 5 == 0 ? double.NaN : i * 0.37);
        }

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.Events = events);

        Assert.IsNotNull(restored.Events);
        WorkingStoreAssert.EventsEqual(events, restored.Events);
        Assert.IsTrue(restored.Events.Users.TryGetKey("user-5", out var key) && key == events.Users.GetOrAdd("user-5"), "id maps keep their keys");
    }

    [TestMethod]
    public void EventTable_WithItemTitles_KeepsEachItemsTitleAndItsNulls()
    {
        using var temp = new TempFolder();
        var events = new EventTable(capacity: 4);
        var user = events.Users.GetOrAdd("u1");
        for (var i = 0; i < 4; i++)
        {
            events.Add(user, events.Items.GetOrAdd($"item-{i}"), EventTable.NoKey, EventType.Rating, 1_700_000_000_000L + i, 4);
        }

        events.SetItemTitles(["American President, The (1995)", null, "ünïcödé title", ""]);
        var untitled = new EventTable();
        untitled.Add(untitled.Users.GetOrAdd("u"), untitled.Items.GetOrAdd("i"), EventTable.NoKey, EventType.View, 1, double.NaN);

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.Events = events).Events!;
        using var other = new TempFolder();
        var restoredUntitled = CheckpointTestRun.RoundTrip(other.Path, data => data.Events = untitled).Events!;

        WorkingStoreAssert.EventsEqual(events, restored);
        Assert.IsTrue(restored.HasItemTitles);
        Assert.AreEqual(
            "American President, The (1995)|<null>|ünïcödé title|",
            string.Join("|", Enumerable.Range(0, 4).Select(i => restored.ItemTitle(i) ?? "<null>")));
        Assert.IsFalse(restoredUntitled.HasItemTitles);
        Assert.IsNull(restoredUntitled.ItemTitle(0));
    }
}
