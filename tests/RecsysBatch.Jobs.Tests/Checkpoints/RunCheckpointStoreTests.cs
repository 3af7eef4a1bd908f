using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

[TestClass]
public sealed class RunCheckpointStoreTests
{
    private static readonly TableSchema Small = new("small", [new("x", ColumnType.Int32)]);

    [TestMethod]
    public void Save_LaterStages_HoldOnlyWhatTheyAddedOrReplaced()
    {
        using var temp = new TempFolder();
        var store = new RunCheckpointStore(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(1_000);
        context.Data.Ingest = new IngestSummary { Events = 1_000 };
        context.Data.Rejected.Add(new RejectedEvent("canonical:x.csv", 3, "bad,line", "bad user"));
        context.ResolveSnapshotDate(new DateOnly(2026, 3, 1));
        context.Data.Set("kept", Table(1));
        context.Data.Set("replaced", Table(2));
        store.Save("ingest", context);

        context.Data.AddOutput(Table(3));
        context.Data.Metrics.Add(new ModelMetric("second", "m", "rows", 3));
        context.Data.Notes.Add("second: a note");
        context.Data.Set("replaced", Table(4));
        store.Save("second", context);

        Assert.AreEqual("ingest,second", string.Join(',', store.Completed));
        using var manifest = CheckpointTestRun.Manifest(temp.Path, "002-second");
        var kinds = manifest.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString() + (e.TryGetProperty("key", out var key) ? ":" + key.GetString() : "")).ToList();
        Assert.AreEqual("metrics,notes,output:small,item:replaced", string.Join(',', kinds), "events, ingest, rejected and the kept item are not saved again");
        var secondBytes = Directory.EnumerateFiles(Path.Combine(store.Folder, "002-second")).Sum(f => new FileInfo(f).Length);
        var firstBytes = Directory.EnumerateFiles(Path.Combine(store.Folder, "001-ingest")).Sum(f => new FileInfo(f).Length);
        Assert.IsTrue(secondBytes < firstBytes / 4, $"second checkpoint {secondBytes} bytes, first {firstBytes}");

        var restored = CheckpointTestRun.NewContext(temp.Path);
        new RunCheckpointStore(temp.Path).Restore(restored);
        Assert.AreEqual(new DateOnly(2026, 3, 1), restored.SnapshotDate);
        WorkingStoreAssert.EventsEqual(context.Data.Events, restored.Data.Events!);
        WorkingStoreAssert.PublishedEqual(context.Data, restored.Data);
        Assert.AreEqual(1, restored.Data.Get<OutputTable>("kept")!.RowCount);
        Assert.AreEqual(4, restored.Data.Get<OutputTable>("replaced")!.RowCount);
        Assert.AreEqual("kept,replaced", string.Join(',', restored.Data.Keys));
    }

    [TestMethod]
    public void Save_ListsShrunkOrRewritten_RestoresTheCurrentLists()
    {
        using var temp = new TempFolder();
        var store = new RunCheckpointStore(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.AddRange(["one", "two", "three"]);
        store.Save("a", context);
        context.Data.Notes.RemoveAt(2);
        context.Data.Notes[0] = "ONE";
        store.Save("b", context);
        context.Data.Notes.Add("four");
        store.Save("c", context);

        var restored = CheckpointTestRun.NewContext(temp.Path);
        new RunCheckpointStore(temp.Path).Restore(restored);

        Assert.AreEqual("ONE|two|four", string.Join('|', restored.Data.Notes));
    }

    [TestMethod]
    public void Save_StageAlreadySaved_IsANoOp()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("first delivery");
        new RunCheckpointStore(temp.Path).Save("ingest", context);
        var manifest = Path.Combine(temp.Path, RunCheckpointStore.FolderName, "001-ingest", "manifest.json");
        var before = File.ReadAllBytes(manifest);

        var again = CheckpointTestRun.NewContext(temp.Path);
        again.Data.Notes.Add("second delivery");
        var store = new RunCheckpointStore(temp.Path);
        store.Save("ingest", again);

        CollectionAssert.AreEqual(before, File.ReadAllBytes(manifest));
        Assert.AreEqual("ingest", string.Join(',', store.Completed));
        Assert.AreEqual(1, Directory.GetDirectories(store.Folder).Length, "no second checkpoint, no temporary folder left");
        var restored = CheckpointTestRun.NewContext(temp.Path);
        new RunCheckpointStore(temp.Path).Restore(restored);
        Assert.AreEqual("first delivery", string.Join('|', restored.Data.Notes));
    }

    [TestMethod]
    public void Save_AfterATornSave_IgnoresTheLeftoverAndSaves()
    {
        using var temp = new TempFolder();
        var store = new RunCheckpointStore(temp.Path);
        var torn = Path.Combine(store.Folder, ".tmp-ingest.0123456789abcdef");
        Directory.CreateDirectory(torn);
        File.WriteAllBytes(Path.Combine(torn, "000-events.bin"), [1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(store.Folder, "001-ingest"));

        Assert.IsFalse(store.Has("ingest"), "a temporary folder or one without a manifest is no checkpoint");
        Assert.AreEqual(0, store.Completed.Count);

        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(10);
        store.Save("ingest", context);

        Assert.IsTrue(store.Has("ingest"));
        var restored = CheckpointTestRun.NewContext(temp.Path);
        new RunCheckpointStore(temp.Path).Restore(restored);
        WorkingStoreAssert.EventsEqual(context.Data.Events, restored.Data.Events!);
    }

    [TestMethod]
    public void Restore_FlippedByte_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        var file = SaveEvents(temp.Path);
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);

        var error = Assert.ThrowsExactly<RecsysException>(() => new RunCheckpointStore(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, file);
        StringAssert.Contains(error.Message, "corrupt");
    }

    [TestMethod]
    public void Restore_TruncatedFile_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        var file = SaveEvents(temp.Path);
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        var error = Assert.ThrowsExactly<RecsysException>(() => new RunCheckpointStore(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, file);
        StringAssert.Contains(error.Message, "truncated");
    }

    [TestMethod]
    public void Restore_GarbledManifest_FailsNamingIt()
    {
        using var temp = new TempFolder();
        SaveEvents(temp.Path);
        var manifest = Path.Combine(temp.Path, RunCheckpointStore.FolderName, "001-ingest", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest)[..40]);

        var error = Assert.ThrowsExactly<RecsysException>(() => new RunCheckpointStore(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, manifest);
    }

    [TestMethod]
    public void Save_ItemWithoutCodec_FailsNamingStageKeyAndTypeAndWritesNothing()
    {
        using var temp = new TempFolder();
        var store = new RunCheckpointStore(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Set("newstage.state", new Uri("https://example.org/"));

        var error = Assert.ThrowsExactly<RecsysException>(() => store.Save("newstage", context));

        StringAssert.Contains(error.Message, "'newstage'");
        StringAssert.Contains(error.Message, "'newstage.state'");
        StringAssert.Contains(error.Message, "System.Uri");
        Assert.IsFalse(store.Has("newstage"));
        Assert.IsFalse(Directory.Exists(store.Folder) && Directory.EnumerateFileSystemEntries(store.Folder).Any(), "nothing on disk");
    }

    [TestMethod]
    public void Save_UnseenWorkingStoreOverExistingCheckpoints_Throws()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.AddOutput(Table(1));
        new RunCheckpointStore(temp.Path).Save("a", context);

        Assert.ThrowsExactly<InvalidOperationException>(() => new RunCheckpointStore(temp.Path).Save("b", context));
    }

    [TestMethod]
    public void Restore_IntoANonEmptyStore_Throws()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("already here");

        Assert.ThrowsExactly<InvalidOperationException>(() => new RunCheckpointStore(temp.Path).Restore(context));
    }

    private static string SaveEvents(string folder)
    {
        var context = CheckpointTestRun.NewContext(folder);
        context.Data.Events = Events(2_000);
        new RunCheckpointStore(folder).Save("ingest", context);
        return Directory.GetFiles(Path.Combine(folder, RunCheckpointStore.FolderName, "001-ingest"), "*-events.bin").Single();
    }

    private static EventTable Events(int count)
    {
        var events = new EventTable();
        for (var i = 0; i < count; i++)
        {
            events.Add(events.Users.GetOrAdd($"u{i % 50}"), events.Items.GetOrAdd($"i{i % 70}"), EventTable.NoKey, EventType.View, 1_000L * i, 1.0 / (i + 1));
        }

        return events;
    }

    private static OutputTable Table(int rows) => new(Small, [new OutputColumn<int>([.. Enumerable.Range(0, rows)])]);
}
