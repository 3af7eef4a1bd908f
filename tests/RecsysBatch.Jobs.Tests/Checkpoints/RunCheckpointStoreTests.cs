using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
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
        var store = CheckpointTestRun.Store(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(1_000);
        context.Data.Ingest = new IngestSummary { Events = 1_000 };
        context.Data.Rejected.Add(new RejectedEvent("canonical:x.csv", 3, "bad,line", "bad user"));
        context.ResolveSnapshotDate(new DateOnly(2026, 3, 1));
        context.Data.Set(TestArtifacts.Weights, [1.0]);
        context.Data.Set(TestArtifacts.Other, [2.0, 2.5]);
        store.Save("ingest", context);

        context.Data.AddOutput(Table(3));
        context.Data.Metrics.Add(new ModelMetric("second", "m", "rows", 3));
        context.Data.Notes.Add("second: a note");
        context.Data.Set(TestArtifacts.Other, [4.0, 4.5, 4.75, 5.0]);
        store.Save("second", context);

        Assert.AreEqual("ingest,second", string.Join(',', store.Completed));
        Assert.AreEqual("ingest|ingest|test.weights:ingest:1,test.other:second:2|small:second",
            string.Join('|',
                Sql(store, "SELECT stage FROM event_table"),
                Sql(store, "SELECT stage FROM ingest"),
                Sql(store, "SELECT string_agg(name || ':' || stage || ':' || version, ',' ORDER BY i) FROM artifacts"),
                Sql(store, "SELECT string_agg(name || ':' || stage, ',') FROM outputs")),
            "events, ingest and the kept artifact are not saved again");

        var restored = CheckpointTestRun.NewContext(temp.Path);
        CheckpointTestRun.Store(temp.Path).Restore(restored);
        Assert.AreEqual(new DateOnly(2026, 3, 1), restored.SnapshotDate);
        WorkingStoreAssert.EventsEqual(context.Data.Events, restored.Data.Events!);
        WorkingStoreAssert.PublishedEqual(context.Data, restored.Data);
        Assert.AreEqual("1", string.Join(',', restored.Data.Require(TestArtifacts.Weights)));
        Assert.AreEqual("4,4.5,4.75,5", string.Join(',', restored.Data.Require(TestArtifacts.Other).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.AreEqual("test.weights,test.other", string.Join(',', restored.Data.Artifacts.Select(k => k.Name)));
    }

    [TestMethod]
    public void Save_FileOpensWithPlainDuckDb_AndHoldsTheStagesTables()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(1_234);
        context.Data.AddOutput(Table(5));
        context.Data.Metrics.Add(new ModelMetric("ingest", "m", "rows", 5));
        context.Data.Set(TestArtifacts.Weights, [1.0, 2.0]);
        var store = CheckpointTestRun.Store(temp.Path);
        store.Save("ingest", context);

        Assert.AreEqual("1234", Sql(store, "SELECT count(*) FROM events"));
        Assert.AreEqual("50", Sql(store, "SELECT count(*) FROM event_users"));
        Assert.AreEqual("u7", Sql(store, "SELECT u.id FROM events e JOIN event_users u ON u.key = e.user_key WHERE e.ts_ms = 7000"));
        Assert.AreEqual("10", Sql(store, "SELECT sum(x) FROM out_small"));
        Assert.AreEqual("ingest:1", Sql(store, "SELECT stage || ':' || seq FROM checkpoints"));
        Assert.AreEqual("rows=5.0", Sql(store, "SELECT metric || '=' || value FROM metrics"));
        Assert.AreEqual("True", Sql(store, "SELECT sha256 = sha256(bytes) FROM artifacts WHERE name = 'test.weights'"), "the stored digest is DuckDB's sha256 of the blob");
    }

    [TestMethod]
    public void Save_ListsShrunkOrRewritten_RestoresTheCurrentLists()
    {
        using var temp = new TempFolder();
        var store = CheckpointTestRun.Store(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.AddRange(["one", "two", "three"]);
        store.Save("a", context);
        context.Data.Notes.RemoveAt(2);
        context.Data.Notes[0] = "ONE";
        store.Save("b", context);
        context.Data.Notes.Add("four");
        store.Save("c", context);

        var restored = CheckpointTestRun.NewContext(temp.Path);
        CheckpointTestRun.Store(temp.Path).Restore(restored);

        Assert.AreEqual("ONE|two|four", string.Join('|', restored.Data.Notes));
    }

    [TestMethod]
    public void Save_StageAlreadySaved_IsANoOp()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("first delivery");
        var first = CheckpointTestRun.Store(temp.Path);
        first.Save("ingest", context);
        var before = Sql(first, "SELECT strftime(completed_at, '%Y-%m-%d %H:%M:%S.%f') FROM checkpoints");

        var again = CheckpointTestRun.NewContext(temp.Path);
        again.Data.Notes.Add("second delivery");
        var store = CheckpointTestRun.Store(temp.Path);
        store.Save("ingest", again);

        Assert.AreEqual(before, Sql(store, "SELECT strftime(completed_at, '%Y-%m-%d %H:%M:%S.%f') FROM checkpoints"), "one checkpoint row, unchanged");
        Assert.AreEqual("ingest", string.Join(',', store.Completed));
        Assert.AreEqual(store.FilePath, Directory.GetFiles(store.Folder).Single(), "one file, no log or temporary file left");
        var restored = CheckpointTestRun.NewContext(temp.Path);
        CheckpointTestRun.Store(temp.Path).Restore(restored);
        Assert.AreEqual("first delivery", string.Join('|', restored.Data.Notes));
    }

    [TestMethod]
    public void Save_AfterASaveThatNeverCommitted_IgnoresItAndSaves()
    {
        using var temp = new TempFolder();
        var store = CheckpointTestRun.Store(temp.Path);
        Directory.CreateDirectory(store.Folder);
        using (var connection = new DuckDBConnection("Data Source=" + store.FilePath))
        {
            // What a save killed before its commit leaves: a file whose transaction (tables, rows, marker) never committed.
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE checkpoints (seq INTEGER, stage VARCHAR, run_id VARCHAR, completed_at TIMESTAMP); INSERT INTO checkpoints VALUES (1, 'ingest', 'r', now());";
            command.ExecuteNonQuery();
        }

        Assert.IsFalse(store.Has("ingest"), "an uncommitted save is no checkpoint");
        Assert.AreEqual(0, store.Completed.Count);

        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(10);
        store.Save("ingest", context);

        Assert.IsTrue(store.Has("ingest"));
        var restored = CheckpointTestRun.NewContext(temp.Path);
        CheckpointTestRun.Store(temp.Path).Restore(restored);
        WorkingStoreAssert.EventsEqual(context.Data.Events, restored.Data.Events!);
    }

    [TestMethod]
    public void Restore_ArtifactBlobChanged_FailsNamingTheFileAndTheArtifact()
    {
        using var temp = new TempFolder();
        var store = SaveWeights(temp.Path);
        Modify(store, "UPDATE artifacts SET bytes = 'garbage'::BLOB");

        var error = Assert.ThrowsExactly<RecsysException>(() => CheckpointTestRun.Store(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, store.FilePath);
        StringAssert.Contains(error.Message, "'test.weights'");
        StringAssert.Contains(error.Message, "SHA-256");
    }

    [TestMethod]
    public void Restore_ChecksumChanged_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        var store = SaveWeights(temp.Path);
        Modify(store, "UPDATE artifacts SET sha256 = repeat('0', 64)");

        var error = Assert.ThrowsExactly<RecsysException>(() => CheckpointTestRun.Store(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, store.FilePath);
        StringAssert.Contains(error.Message, "corrupt");
    }

    [TestMethod]
    public void Restore_BlobItsCodecCannotRead_FailsNamingTheFileAndTheArtifact()
    {
        using var temp = new TempFolder();
        var store = SaveWeights(temp.Path);
        Modify(store, "UPDATE artifacts SET bytes = '\\x01\\x00\\x00\\x00'::BLOB, sha256 = sha256('\\x01\\x00\\x00\\x00'::BLOB)");

        var error = Assert.ThrowsExactly<RecsysException>(() => CheckpointTestRun.Store(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, store.FilePath);
        StringAssert.Contains(error.Message, "'test.weights'");
        StringAssert.Contains(error.Message, "corrupt");
    }

    [TestMethod]
    public void Restore_TruncatedFile_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Events = Events(200_000);
        var store = CheckpointTestRun.Store(temp.Path);
        store.Save("ingest", context);
        using (var stream = new FileStream(store.FilePath, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var error = Assert.ThrowsExactly<RecsysException>(() => CheckpointTestRun.Store(temp.Path).Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, store.FilePath);
        StringAssert.Contains(error.Message, "corrupt");
    }

    [TestMethod]
    public void Restore_FileThatIsNoDatabase_FailsNamingIt()
    {
        using var temp = new TempFolder();
        var store = CheckpointTestRun.Store(temp.Path);
        Directory.CreateDirectory(store.Folder);
        File.WriteAllText(store.FilePath, "{\"format\": 1, \"entries\": []}");

        var error = Assert.ThrowsExactly<RecsysException>(() => store.Restore(CheckpointTestRun.NewContext(temp.Path)));

        StringAssert.Contains(error.Message, store.FilePath);
    }

    [TestMethod]
    public void Save_ArtifactNoRegisteredStageDeclares_FailsNamingStageKeyAndType()
    {
        using var temp = new TempFolder();
        var store = CheckpointTestRun.Store(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Set(TestArtifacts.Undeclared, [1.0]);

        var error = Assert.ThrowsExactly<RecsysException>(() => store.Save("test", context));

        StringAssert.Contains(error.Message, "'test'");
        StringAssert.Contains(error.Message, "'test.undeclared'");
        StringAssert.Contains(error.Message, "System.Double[]");
        Assert.IsFalse(File.Exists(store.FilePath));
    }

    [TestMethod]
    public void Save_ArtifactItsCodecRefuses_FailsWithTheCodecsReasonAndWritesNothing()
    {
        using var temp = new TempFolder();
        var store = CheckpointTestRun.Store(temp.Path);
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("kept out too");
        context.Data.Set(TestArtifacts.Refused, [1.0]);

        var error = Assert.ThrowsExactly<RecsysException>(() => store.Save("test", context));

        StringAssert.Contains(error.Message, "'test.refused'");
        StringAssert.Contains(error.Message, "weights of this kind are not storable");
        Assert.IsFalse(File.Exists(store.FilePath));
    }

    [TestMethod]
    public void Save_UnseenWorkingStoreOverExistingCheckpoints_Throws()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.AddOutput(Table(1));
        CheckpointTestRun.Store(temp.Path).Save("a", context);

        Assert.ThrowsExactly<InvalidOperationException>(() => CheckpointTestRun.Store(temp.Path).Save("b", context));
    }

    [TestMethod]
    public void Restore_IntoANonEmptyStore_Throws()
    {
        using var temp = new TempFolder();
        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("already here");

        Assert.ThrowsExactly<InvalidOperationException>(() => CheckpointTestRun.Store(temp.Path).Restore(context));
    }

    [TestMethod]
    public void IsResumable_OldFormatFolder_LogsThatTheRunCannotResume()
    {
        using var temp = new TempFolder();
        var old = Path.Combine(temp.Path, RunCheckpointStore.FolderName, "001-ingest");
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "manifest.json"), "{}");
        var logger = new ListLogger();

        Assert.IsFalse(RunCheckpointStore.IsResumable(temp.Path, logger));
        StringAssert.Contains(logger.Lines.Single(), "earlier version");
        Assert.AreEqual(0, CheckpointTestRun.Store(temp.Path).Completed.Count);

        var context = CheckpointTestRun.NewContext(temp.Path);
        context.Data.Notes.Add("a new start");
        CheckpointTestRun.Store(temp.Path).Save("ingest", context);
        Assert.IsTrue(RunCheckpointStore.IsResumable(temp.Path, logger));
    }

    private static RunCheckpointStore SaveWeights(string folder)
    {
        var context = CheckpointTestRun.NewContext(folder);
        context.Data.Set(TestArtifacts.Weights, [1.5, -2.25, double.Epsilon]);
        var store = CheckpointTestRun.Store(folder);
        store.Save("test", context);
        return store;
    }

    /// <summary>One value of a query on the store's file, as text.</summary>
    internal static string? Sql(RunCheckpointStore store, string sql)
    {
        using var connection = new DuckDBConnection("Data Source=" + store.FilePath + ";ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Modify(RunCheckpointStore store, string sql)
    {
        using var connection = new DuckDBConnection("Data Source=" + store.FilePath);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
