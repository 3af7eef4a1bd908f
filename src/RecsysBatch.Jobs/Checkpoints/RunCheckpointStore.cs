using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Checkpoints of a run's working store (<see cref="RunData"/> and the snapshot date) in one DuckDB file,
/// runDirectory/checkpoints/checkpoint.duckdb, so that each stage can run as its own job, in another process after a
/// crash or a retry, and find exactly what the earlier stages left; and so that a person can open it with the duckdb
/// CLI or <c>recsys query --warehouse duckdb:PATH</c>. Tables: <c>checkpoints</c> (stage, seq, completed_at: one row
/// per saved stage, its commit marker), <c>snapshot</c>, the events (<see cref="EventRows"/>), <c>ingest</c>,
/// <c>rejected</c>, <c>metrics</c>, <c>notes</c> (<see cref="RunListRows"/>), one <c>out_NAME</c> table per output
/// table with <c>outputs</c> and <c>output_columns</c> (<see cref="OutputRows"/>), and <c>artifacts</c>: blobs written
/// by each artifact key's own codec, with a SHA-256 (<see cref="ArtifactRows"/>).
/// The file always holds the working store after its last saved stage. A save is one DuckDB transaction holding only
/// what its stage added or replaced, and its <c>checkpoints</c> row: DuckDB flushes the transaction's log to disk
/// before the commit returns, so a process killed mid-save (or a power loss) leaves the earlier checkpoints and no
/// part of this one. Saving a stage that already has one does nothing, since a job may be delivered twice. A file is
/// written by one process at a time (a DuckDB rule); the shards of a split stage, which run concurrently, each keep
/// their own store in their own folder (shards/STAGE/K-of-N).
/// </summary>
public sealed class RunCheckpointStore
{
    /// <summary>The folder under the run directory that holds the checkpoint file.</summary>
    public const string FolderName = "checkpoints";

    /// <summary>The checkpoint file in <see cref="Folder"/>.</summary>
    public const string FileName = "checkpoint.duckdb";

    private readonly ArtifactRegistry _artifacts;

    // The working store the baseline describes: Save writes what that store gained since.
    private RunData? _data;
    private CheckpointBaseline _baseline = CheckpointBaseline.Empty;

    /// <param name="runDirectory">The run's folder.</param>
    /// <param name="artifacts">The artifact keys of the registered stages: a restored blob is read with the key of its name.</param>
    public RunCheckpointStore(string runDirectory, ArtifactRegistry artifacts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        ArgumentNullException.ThrowIfNull(artifacts);
        Folder = Path.Combine(Path.GetFullPath(runDirectory), FolderName);
        FilePath = Path.Combine(Folder, FileName);
        _artifacts = artifacts;
    }

    /// <summary>runDirectory/checkpoints.</summary>
    public string Folder { get; }

    /// <summary>runDirectory/checkpoints/checkpoint.duckdb.</summary>
    public string FilePath { get; }

    /// <summary>
    /// DuckDB's memory_limit while a save writes (Recsys:MemoryLimitGb); null: DuckDB's default. What does not fit
    /// spills to DuckDB's temp folder next to the file (checkpoint.duckdb.tmp, in the run's folder).
    /// </summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Stage names with complete checkpoints, in save order.</summary>
    public IReadOnlyList<string> Completed
    {
        get
        {
            if (!File.Exists(FilePath))
            {
                return [];
            }

            using var connection = CheckpointConnection.Open(FilePath, readOnly: true);
            if (!CheckpointSchema.Exists(connection))
            {
                return [];
            }

            var stages = new List<string>();
            using var reader = CheckpointSql.Query(connection, "SELECT stage FROM checkpoints ORDER BY seq");
            while (reader.Read())
            {
                stages.Add(reader.GetString(0));
            }

            return stages;
        }
    }

    /// <summary>True when a complete checkpoint of <paramref name="stage"/> exists (written by this or any other process).</summary>
    public bool Has(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return Completed.Contains(stage);
    }

    /// <summary>
    /// Persists what <paramref name="context"/>'s working store and snapshot date gained since this store last saved
    /// or restored it (everything when there are no checkpoints yet; a store that has not seen this working store and
    /// finds checkpoints throws, since it cannot tell what they already hold). A no-op when <paramref name="stage"/>
    /// already has a complete checkpoint. An item without a codec (no artifact key a registered stage declares) is a
    /// <see cref="RecsysException"/> naming the stage, key and type, with nothing written.
    /// </summary>
    public void Save(string stage, StageContext context)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentNullException.ThrowIfNull(context);
        CheckpointBaseline before;
        if (ReferenceEquals(_data, context.Data))
        {
            // This store saved or restored this working store: its baseline is known, so the file is opened once, by
            // the save's own transaction, which also finds a checkpoint of this stage another process saved since.
            before = _baseline;
        }
        else
        {
            var completed = Completed;
            if (completed.Contains(stage))
            {
                Remember(context);
                return;
            }

            if (completed.Count > 0)
            {
                // Without a baseline the delta is unknown: a full copy would restore its outputs twice.
                throw new InvalidOperationException(
                    $"Cannot save stage '{stage}': this store has not restored or saved this working store, and {FilePath} already holds checkpoints. Restore the context from the store first.");
            }

            before = CheckpointBaseline.Empty;
        }

        var delta = CheckpointDelta.Create(stage, before, context, _artifacts);
        Directory.CreateDirectory(Folder);
        using (var connection = CheckpointConnection.Open(FilePath, readOnly: false))
        {
            // One thread: a save's appends and commit are too small for DuckDB's parallel tasks to pay for their
            // coordination (measured on data/sample with 2 cores: a fifth less save time than the default thread count).
            CheckpointSql.Execute(connection, "SET threads = 1");
            DuckDbMemory.Limit(connection, MemoryLimitBytes);

            using var transaction = connection.BeginTransaction();
            CheckpointSchema.Ensure(connection, FilePath);
            if (CheckpointSql.Scalar(connection, "SELECT 1 FROM checkpoints WHERE stage = $1", stage) is null)
            {
                delta.Write(connection);
                CheckpointSql.Execute(connection,
                    "INSERT INTO checkpoints SELECT coalesce(max(seq), 0) + 1, $1, $2, $3 FROM checkpoints", stage, context.RunId, DateTime.UtcNow);
                transaction.Commit();
            }
        }

        Remember(context);
    }

    /// <summary>
    /// Fills an empty working store and the snapshot date from the checkpoint file (the state after the last saved
    /// stage). A damaged file is a <see cref="RecsysException"/> naming it; the context is then unusable.
    /// </summary>
    public void Restore(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.Data;
        if (data.Events is not null || data.Ingest is not null || data.Rejected.Count > 0 || data.Metrics.Count > 0 || data.Notes.Count > 0
            || data.Outputs.Count > 0 || data.Artifacts.Count > 0)
        {
            throw new InvalidOperationException("Checkpoints restore into an empty working store only.");
        }

        if (File.Exists(FilePath))
        {
            using var connection = CheckpointConnection.Open(FilePath, readOnly: true);
            if (CheckpointSchema.Exists(connection))
            {
                CheckpointSchema.Check(connection, FilePath);
                CheckpointReader.Apply(connection, FilePath, context, _artifacts);
            }
        }

        Remember(context);
    }

    /// <summary>Removes every checkpoint of the run (e.g. once it has published).</summary>
    public void DeleteAll()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        _data = null;
        _baseline = CheckpointBaseline.Empty;
    }

    /// <summary>
    /// True when <paramref name="runDirectory"/> holds a checkpoint file a resume can start from. Checkpoints an
    /// earlier version wrote (one folder per stage, no checkpoint file) are not read: logged, and false, so the run
    /// starts from its first stage.
    /// </summary>
    public static bool IsResumable(string runDirectory, ILogger logger)
    {
        var folder = Path.Combine(runDirectory, FolderName);
        if (File.Exists(Path.Combine(folder, FileName)))
        {
            return true;
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            CheckpointLog.OldFormat(logger, folder);
        }

        return false;
    }

    private void Remember(StageContext context)
    {
        _data = context.Data;
        _baseline = CheckpointBaseline.Capture(context);
    }
}
