using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;

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
            new("s", ColumnType.String, Nullable: true, Description: "text ✓ \ud800 lone surrogate"),
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
            new OutputColumn<string?>(["a", null, "ünïcödé \ud83d\ude00", "", "bad \udc00 surrogate"]),
            new OutputColumn<int>([1, int.MinValue, 0, int.MaxValue, -7], [false, true, false, false, true]),
            new OutputColumn<long>([long.MinValue, 0, 1, long.MaxValue, 42]),
            new OutputColumn<double>([0.1, double.NaN, -0.0, double.PositiveInfinity, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234)]),
            new OutputColumn<bool>([true, false, true, false, true], [false, false, true, false, false]),
            new OutputColumn<DateOnly>([new(2026, 1, 1), DateOnly.MinValue, DateOnly.MaxValue, new(1999, 12, 31), new(2026, 2, 28)], [false, false, false, true, false]),
            new OutputColumn<DateTime>([new(2026, 1, 1, 1, 2, 3, DateTimeKind.Utc), DateTime.MinValue, new DateTime(2026, 5, 5, 0, 0, 0, DateTimeKind.Utc).AddTicks(1), new(2000, 1, 1), DateTime.MaxValue]),
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

    [TestMethod]
    public void FactorModel_WithAndWithoutBiases_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        var explicitModel = Model(users: 9, items: 13, rank: 5, withBiases: true);
        var implicitModel = Model(users: 4, items: 6, rank: 11, withBiases: false);

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data =>
        {
            data.Set("factorize.model", explicitModel);
            data.Set("implicit", implicitModel);
        });

        foreach (var (expected, key) in new[] { (explicitModel, "factorize.model"), (implicitModel, "implicit") })
        {
            var actual = restored.Get<FactorModel>(key);
            Assert.IsNotNull(actual);
            Assert.AreEqual(expected.Users, actual.Users);
            Assert.AreEqual(expected.Items, actual.Items);
            Assert.AreEqual(expected.Rank, actual.Rank);
            Assert.AreEqual(expected.IsImplicit, actual.IsImplicit);
            Assert.IsTrue(expected.UserFactors.AsSpan().SequenceEqual(actual.UserFactors), "user factors");
            Assert.IsTrue(expected.ItemFactors.AsSpan().SequenceEqual(actual.ItemFactors), "item factors");
            Assert.IsTrue(expected.MeanUser.AsSpan().SequenceEqual(actual.MeanUser), "mean user");
            Assert.AreEqual(expected.UserBias is null, actual.UserBias is null);
            Assert.IsTrue(expected.UserBias is null || expected.UserBias.AsSpan().SequenceEqual(actual.UserBias), "user bias");
            Assert.IsTrue(expected.ItemBias is null || expected.ItemBias.AsSpan().SequenceEqual(actual.ItemBias), "item bias");
            for (var u = -1; u <= expected.Users; u++)
            {
                for (var i = -1; i <= expected.Items; i++)
                {
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(expected.Score(u, i)), BitConverter.SingleToInt32Bits(actual.Score(u, i)), $"score({u}, {i})");
                }
            }
        }
    }

    [TestMethod]
    public void DataFrame_PrimitiveAndStringColumnsWithNulls_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        var frame = new DataFrame(
            new Int32DataFrameColumn("user_key", [0, 1, 2, 3]),
            new DoubleDataFrameColumn("spend", [1.5, null, double.NaN, -0.0]),
            new Int64DataFrameColumn("ts", [long.MaxValue, null, 0, -1]),
            new SingleDataFrameColumn("score", [0.25f, float.NaN, null, 1e-30f]),
            new BooleanDataFrameColumn("active", [true, false, null, true]),
            new StringDataFrameColumn("name", ["a", null, "ß", ""]));

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.Set("featurize.user_frame", frame));

        var back = restored.Get<DataFrame>("featurize.user_frame");
        Assert.IsNotNull(back);
        CollectionAssert.AreEqual(frame.Columns.Select(c => c.Name).ToList(), back.Columns.Select(c => c.Name).ToList());
        for (var c = 0; c < frame.Columns.Count; c++)
        {
            Assert.AreEqual(frame.Columns[c].GetType(), back.Columns[c].GetType(), frame.Columns[c].Name);
            Assert.AreEqual(frame.Columns[c].NullCount, back.Columns[c].NullCount, frame.Columns[c].Name);
            for (var row = 0; row < frame.Rows.Count; row++)
            {
                Assert.IsTrue(WorkingStoreAssert.ValuesEqual(frame.Columns[c][row], back.Columns[c][row]), $"{frame.Columns[c].Name} row {row}");
            }
        }
    }

    [TestMethod]
    public void Transformer_FittedChain_TransformsIdenticallyAfterRestore()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var frame = new DataFrame(
            new Int32DataFrameColumn("events", [1, 5, 0, 12, 3, 8]),
            new DoubleDataFrameColumn("spend", [10.0, double.NaN, 0.5, 200.0, 3.25, 7.0]));
        var transformer = ml.Transforms.Conversion.ConvertType("eventsSingle", "events", DataKind.Single)
            .Append(ml.Transforms.Conversion.ConvertType("spendSingle", "spend", DataKind.Single))
            .Append(ml.Transforms.Concatenate("Raw", "eventsSingle", "spendSingle"))
            .Append(ml.Transforms.ReplaceMissingValues("Raw", "Raw", Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.Expression("Log", "x => sign(x) * log(abs(x) + 1)", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features", "Log", fixZero: false))
            .Fit(frame);

        var restored = CheckpointTestRun.RoundTrip(temp.Path, data => data.Set("featurize.user_transform", transformer));

        var back = restored.Get<ITransformer>("featurize.user_transform");
        Assert.IsNotNull(back);
        var expected = Features(transformer.Transform(frame));
        var actual = Features(back.Transform(frame));
        Assert.AreEqual(12, expected.Length);
        CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToList(), actual.Select(BitConverter.SingleToInt32Bits).ToList());
    }

    private static float[] Features(IDataView view) =>
        [.. view.GetColumn<VBuffer<float>>("Features").SelectMany(v => v.DenseValues())];

    private static FactorModel Model(int users, int items, int rank, bool withBiases)
    {
        var stride = (rank + System.Numerics.Vector<float>.Count - 1) / System.Numerics.Vector<float>.Count * System.Numerics.Vector<float>.Count;
        var random = new Random(rank);
        float[] Fill(int rows)
        {
            var values = new float[rows * stride];
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < rank; k++)
                {
                    values[(r * stride) + k] = (float)(random.NextDouble() - 0.5);
                }
            }

            return values;
        }

        return new FactorModel(users, items, rank, Fill(users), Fill(items), withBiases ? 3.25f : 0f,
            withBiases ? [.. Enumerable.Range(0, users).Select(u => u * 0.1f)] : null,
            withBiases ? [.. Enumerable.Range(0, items).Select(i => -i * 0.01f)] : null);
    }
}
