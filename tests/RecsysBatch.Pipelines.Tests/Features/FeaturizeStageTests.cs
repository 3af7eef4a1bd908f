using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Features;

[TestClass]
public sealed class FeaturizeStageTests
{
    [TestMethod]
    public void RunAsync_EventsAtOrAfterCutoff_ChangeNothing()
    {
        using var folder = new TempFolder();
        var d = EventTableBuilder.Day;
        var before = Run(HandMadeEvents.Create().Build(), Path.Combine(folder.Path, "a"));
        var withLate = HandMadeEvents.Create()
            .Before(0, "u1", "i1", "c1", EventType.Purchase, 1000)       // exactly at the cutoff
            .Before(-d, "u2", "i2", "c9", EventType.View)                // a day after, with a new category
            .Before(-2 * d, "late-user", "late-item", "c2", EventType.Cart) // user and item that exist only later
            .Build();
        var after = Run(withLate, Path.Combine(folder.Path, "b"));

        foreach (var schema in FeatureTables.All)
        {
            CollectionAssert.AreEqual(Dump(Output(before, schema)), Dump(Output(after, schema)), schema.Name);
        }

        CollectionAssert.AreEqual(before.Data.Metrics, after.Data.Metrics);
    }

    [TestMethod]
    public void RunAsync_NoItems_ItemFeaturesEmptyAndUserFeaturesRight()
    {
        using var folder = new TempFolder();
        var d = EventTableBuilder.Day;
        var events = new EventTableBuilder()
            .Before(3 * d, "c-1", null, null, EventType.Purchase, 12.5)
            .Before(45 * d, "c-1", null, null, EventType.Purchase, 7.5)
            .Before(10 * d, "c-2", null, null, EventType.Purchase, 3)
            .Build();

        var context = Run(events, folder.Path);

        Assert.AreEqual(0, Output(context, FeatureTables.ItemFeatures).RowCount);
        var users = Output(context, FeatureTables.UserFeatures);
        Assert.AreEqual(2, users.RowCount);
        var row = RowOf(users, "c-1");
        Assert.AreEqual(12.5, Cell(users, "monetary_30d", row));
        Assert.AreEqual(20.0, Cell(users, "monetary_total", row));
        Assert.AreEqual(1, Cell(users, "purchase_count_30d", row));
        Assert.AreEqual(0, Cell(users, "distinct_items_30d", row));
        Assert.IsNull(Cell(users, "top_category_id", row));
        Assert.IsFalse(File.Exists(Path.Combine(folder.Path, "featurize", FeatureKeys.ItemTransformFile)));
        Assert.IsTrue(File.Exists(Path.Combine(folder.Path, "featurize", FeatureKeys.UserTransformFile)));
        Assert.AreEqual(0, ItemSet(context).Rows);
        CollectionAssert.Contains(context.Data.Metrics, new ModelMetric("featurize", "item_transform", "rows", 0));
    }

    [TestMethod]
    public void RunAsync_SameInputAndSeed_IdenticalOutputs()
    {
        using var folder = new TempFolder();
        var first = Run(SyntheticEvents.Create(300, 120, 7, 6000, seed: 3), Path.Combine(folder.Path, "a"), seed: 7);
        var second = Run(SyntheticEvents.Create(300, 120, 7, 6000, seed: 3), Path.Combine(folder.Path, "b"), seed: 7);

        foreach (var schema in FeatureTables.All)
        {
            CollectionAssert.AreEqual(Dump(Output(first, schema)), Dump(Output(second, schema)), schema.Name);
        }

        CollectionAssert.AreEqual(first.Data.Metrics, second.Data.Metrics);
        var frame = UserSet(first).ToFrame();
        var a = FeatureTransforms.ReadFeatures(FeatureTransforms.Load(Path.Combine(folder.Path, "a", "featurize", FeatureKeys.UserTransformFile)).Apply(frame), out _);
        var b = FeatureTransforms.ReadFeatures(FeatureTransforms.Load(Path.Combine(folder.Path, "b", "featurize", FeatureKeys.UserTransformFile)).Apply(frame), out _);
        CollectionAssert.AreEqual(a, b);
    }

    [TestMethod]
    public void RunAsync_Frames_KeysAndValuesMatchTables()
    {
        using var folder = new TempFolder();
        var context = Run(HandMadeEvents.Create().Build(), folder.Path);

        var users = Output(context, FeatureTables.UserFeatures);
        var frame = UserSet(context).ToFrame();
        Assert.AreEqual(users.RowCount, (int)frame.Rows.Count);
        var events = context.Data.RequireEvents();
        for (var row = 0; row < users.RowCount; row++)
        {
            Assert.AreEqual(Cell(users, "user_id", row), events.Users[(int)frame[FeatureKeys.UserKeyColumn][row]!]);
            Assert.AreEqual(Cell(users, "events_total", row), frame["events_total"][row]);
        }

        Assert.IsTrue(double.IsNaN((double)frame["monetary_total"][RowOf(users, "u2")]!), "null features are NaN in the frame");
        var items = ItemSet(context).ToFrame();
        Assert.AreEqual("i7", events.Items[(int)items[FeatureKeys.ItemKeyColumn][5]!]);
    }

    [TestMethod]
    public void RunAsync_LeavesOnlyItsTablesInTheWorkingStore()
    {
        using var folder = new TempFolder();
        var context = Run(HandMadeEvents.Create().Build(), folder.Path);

        Assert.AreEqual(0, context.Data.Artifacts.Count, "no later stage reads the frames or the transforms: they stay out of the store");
        CollectionAssert.AreEquivalent(FeatureTables.All.Select(t => t.Name).ToList(), context.Data.Outputs.Select(t => t.Name).ToList());
        Assert.IsTrue(File.Exists(Path.Combine(folder.Path, "featurize", FeatureKeys.ItemTransformFile)));
    }

    [TestMethod]
    public void RunAsync_HandMadeTable_RecordsTransformMetrics()
    {
        using var folder = new TempFolder();
        var context = Run(HandMadeEvents.Create().Build(), folder.Path);

        var metrics = context.Data.Metrics;
        CollectionAssert.Contains(metrics, new ModelMetric("featurize", "user_transform", "rows", 4));
        CollectionAssert.Contains(metrics, new ModelMetric("featurize", "item_transform", "rows", 7));
        var features = metrics.Single(m => m.Model == "user_transform" && m.Metric == "features").Value;
        Assert.AreEqual(FeatureTables.UserFeatures.DataColumns.Count(c => c.Type is Core.Tables.ColumnType.Int32 or Core.Tables.ColumnType.Double), features);
    }

    [TestMethod]
    public void CannotApplyReason_EmptyTable_ExplainsSkip()
    {
        var stage = new FeaturizeStage(Microsoft.Extensions.Logging.Abstractions.NullLogger<FeaturizeStage>.Instance);
        var pipeline = new Core.Pipelines.PipelineDefinition { Name = "t", FilePath = "t.json", Sources = [], Stages = [] };
        var context = new StageContext("r", pipeline, EventTableBuilder.Snapshot, 1, Path.GetTempPath(), new RunData { Events = new EventTable() });

        Assert.IsNotNull(stage.CannotApplyReason(context));
        var withoutIngest = new StageContext("r", pipeline, EventTableBuilder.Snapshot, 1, Path.GetTempPath(), new RunData());
        Assert.IsNull(stage.CannotApplyReason(withoutIngest), "a pipeline without ingest must fail in RunAsync, not be skipped");
        string[] expected = ["user_features", "item_features"];
        CollectionAssert.AreEqual(expected, stage.OutputTables.Select(t => t.Name).ToArray());
    }
}
