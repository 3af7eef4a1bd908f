using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Checkpoints of a run's working store (<see cref="RunData"/> and the snapshot date) under
/// runDirectory/checkpoints/, one folder per stage (NNN-stage, in save order), so that each stage can run as its own
/// job, in another process after a crash or a retry, and find exactly what the earlier stages left.
/// A checkpoint holds only what its stage added or replaced (the events once, after ingest). It is written to a
/// temporary folder and renamed into place, so a process killed mid-save leaves no checkpoint; saving a stage that
/// already has one does nothing, since a job may be delivered twice. Not meant for two concurrent saves of different
/// stages of one run (a run's stages run one after another).
/// </summary>
public sealed class RunCheckpointStore
{
    /// <summary>The folder under the run directory that holds the checkpoints.</summary>
    public const string FolderName = "checkpoints";

    private readonly CheckpointFolder _folder;

    // The working store the baseline describes: Save writes what that store gained since.
    private RunData? _data;
    private CheckpointBaseline _baseline = CheckpointBaseline.Empty;

    public RunCheckpointStore(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        _folder = new CheckpointFolder(Path.Combine(Path.GetFullPath(runDirectory), FolderName));
    }

    /// <summary>runDirectory/checkpoints.</summary>
    public string Folder => _folder.Path;

    /// <summary>Stage names with complete checkpoints, in save order.</summary>
    public IReadOnlyList<string> Completed => [.. _folder.List().Select(c => c.Stage)];

    /// <summary>True when a complete checkpoint of <paramref name="stage"/> exists (written by this or any other process).</summary>
    public bool Has(string stage)
    {
        CheckStageName(stage);
        return _folder.Has(stage);
    }

    /// <summary>
    /// Persists what <paramref name="context"/>'s working store and snapshot date gained since this store last saved
    /// or restored it (everything when there are no checkpoints yet; a store that has not seen this working store and
    /// finds checkpoints throws, since it cannot tell what they already hold). A no-op when <paramref name="stage"/>
    /// already has a complete checkpoint. An item of a type without a codec is a <see cref="RecsysException"/> naming
    /// the stage, key and type, with nothing written.
    /// </summary>
    public void Save(string stage, StageContext context)
    {
        CheckStageName(stage);
        ArgumentNullException.ThrowIfNull(context);
        if (_folder.Has(stage))
        {
            Remember(context);
            return;
        }

        CheckpointBaseline before;
        if (ReferenceEquals(_data, context.Data))
        {
            before = _baseline;
        }
        else if (_folder.List().Count == 0)
        {
            before = CheckpointBaseline.Empty;
        }
        else
        {
            // Without a baseline the delta is unknown: a full copy would restore its outputs twice.
            throw new InvalidOperationException(
                $"Cannot save stage '{stage}': this store has not restored or saved this working store, and {Folder} already holds checkpoints. Restore the context from the store first.");
        }

        var plan = CheckpointPlan.Create(stage, before, context);
        var temp = _folder.CreateTemp(stage);
        try
        {
            var entries = plan.Write(temp);
            CheckpointFolder.WriteManifest(temp, new CheckpointManifest
            {
                Format = CheckpointFolder.Format,
                Stage = stage,
                RunId = context.RunId,
                SnapshotDate = plan.SnapshotDate,
                SavedAt = DateTimeOffset.UtcNow,
                Entries = entries,
            });
            _folder.Commit(temp, stage);
        }
        finally
        {
            CheckpointFolder.TryDelete(temp);
        }

        Remember(context);
    }

    /// <summary>
    /// Fills an empty working store and the snapshot date from all checkpoints in save order (the state after the
    /// last saved stage). A damaged file is a <see cref="RecsysException"/> naming it; the context is then unusable.
    /// </summary>
    public void Restore(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.Data;
        if (data.Events is not null || data.Ingest is not null || data.Rejected.Count > 0 || data.Metrics.Count > 0 || data.Notes.Count > 0
            || data.Outputs.Count > 0 || data.Keys.Count > 0)
        {
            throw new InvalidOperationException("Checkpoints restore into an empty working store only.");
        }

        foreach (var (_, stage, folder) in _folder.List())
        {
            var manifest = CheckpointFolder.ReadManifest(folder);

            // The run id is not compared: a resumed run starts from a copy of a failed run's checkpoints.
            if (manifest.Stage != stage)
            {
                throw new RecsysException(
                    $"{Path.Combine(folder, CheckpointFolder.ManifestFile)}: checkpoint of stage '{manifest.Stage}' in the folder of stage '{stage}'.");
            }

            CheckpointApplier.Apply(folder, manifest, context);
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

    private void Remember(StageContext context)
    {
        _data = context.Data;
        _baseline = CheckpointBaseline.Capture(context);
    }

    private static void CheckStageName(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        if (stage.StartsWith('.') || !stage.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"Stage name '{stage}' cannot name a checkpoint folder (letters, digits, _ - . only).", nameof(stage));
        }
    }
}
