using System.Globalization;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The layout of a run's folder, ArtifactsPath/RUN_ID, in one place: run.json (<see cref="RunManifest"/>), the
/// checkpoints, the shards of split stages, the markers "published" and "failed", and the snapshot date once known;
/// and, over the artefacts root, the retention of failed runs' checkpoints and the search for a run to resume.
/// </summary>
public sealed class RunFolder
{
    private const string FailedMarker = "failed";
    private const string SnapshotFile = "snapshot_date";
    private const string ShardsFolder = "shards";

    private RunFolder(string root, string runId)
    {
        Root = root;
        RunId = runId;
        Path = System.IO.Path.Combine(root, runId);
    }

    /// <summary>The artefacts root (ArtifactsPath, full).</summary>
    public string Root { get; }

    public string RunId { get; }

    /// <summary>The run's folder (full path); models and reports of the run are written here too.</summary>
    public string Path { get; }

    /// <summary>A store over the run's checkpoints (the working store a resume needs); one per restore-and-save.</summary>
    /// <summary>The run's checkpoint store; <paramref name="duckDbMemoryLimitBytes"/> is its connections' DuckDB memory_limit (null: DuckDB's default).</summary>
    public RunCheckpointStore OpenCheckpoints(ArtifactRegistry artifacts, long? duckDbMemoryLimitBytes = null) =>
        new(Path, artifacts) { MemoryLimitBytes = duckDbMemoryLimitBytes };

    public bool IsPublished => RunManifest.IsPublished(Path);

    /// <summary>The folder of run <paramref name="runId"/> under <paramref name="artifactsPath"/>; refuses an id that is not a folder name.</summary>
    public static RunFolder Of(string artifactsPath, string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactsPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.Contains('/', StringComparison.Ordinal) || runId.Contains('\\', StringComparison.Ordinal) || runId.Contains("..", StringComparison.Ordinal))
        {
            throw new RecsysException($"'{runId}' is not a run id.");
        }

        return new RunFolder(System.IO.Path.GetFullPath(artifactsPath), runId);
    }

    /// <summary>A new run id for a run started at <paramref name="startedAtUtc"/>: sortable by time, unique by its suffix.</summary>
    public static string NewRunId(DateTime startedAtUtc) =>
        $"{startedAtUtc:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";

    public RunManifest ReadManifest() => RunManifest.Read(Path);

    public void WriteManifest(RunManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        manifest.Write(Path);
    }

    public void MarkPublished(DateTime publishedAtUtc) => RunManifest.MarkPublished(Path, publishedAtUtc);

    /// <summary>Marks the run failed for good (the marker's text is the error); what a resume looks for.</summary>
    public void MarkFailed(string message) => File.WriteAllText(System.IO.Path.Combine(Path, FailedMarker), message);

    /// <summary>The snapshot date ingest resolved, once a step has recorded it; else null.</summary>
    public DateOnly? ReadSnapshotDate()
    {
        var file = System.IO.Path.Combine(Path, SnapshotFile);
        return File.Exists(file) ? DateOnly.ParseExact(File.ReadAllText(file).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    public void WriteSnapshotDate(DateOnly snapshot) =>
        File.WriteAllText(System.IO.Path.Combine(Path, SnapshotFile), snapshot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The rows of shard <paramref name="shard"/> (0-based) of <paramref name="shards"/> of a split stage.</summary>
    public RunCheckpointStore OpenShardCheckpoints(string stage, int shard, int shards, ArtifactRegistry artifacts) =>
        new(System.IO.Path.Combine(Path, ShardsFolder, stage, $"{shard + 1}-of-{shards}"), artifacts);

    /// <summary>The marker the shard that enqueues a split stage's fan-in leaves (so only one does).</summary>
    public string FanInMarker(string stage) => System.IO.Path.Combine(Path, ShardsFolder, stage, "fan-in.enqueued");

    /// <summary>Copies another run's checkpoints into this run's (a resume).</summary>
    public void CopyCheckpointsFrom(RunFolder earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var from = System.IO.Path.Combine(earlier.Path, RunCheckpointStore.FolderName);
        if (!Directory.Exists(from))
        {
            return;
        }

        var to = System.IO.Path.Combine(Path, RunCheckpointStore.FolderName);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            DurableFile.Copy(file, target);
        }
    }

    /// <summary>Deletes the checkpoints and shard outputs (what only a resume needs); the manifest, models and markers stay.</summary>
    public void DeleteWorkingStore()
    {
        foreach (var folder in new[] { RunCheckpointStore.FolderName, ShardsFolder })
        {
            var path = System.IO.Path.Combine(Path, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>
    /// Deletes the working store of the runs under <paramref name="artifactsPath"/> that failed before
    /// <paramref name="failedBeforeUtc"/> and never published; returns their ids.
    /// </summary>
    public static IReadOnlyList<string> DeleteExpiredCheckpoints(string artifactsPath, DateTime failedBeforeUtc)
    {
        var deleted = new List<string>();
        foreach (var folder in All(artifactsPath))
        {
            var failed = System.IO.Path.Combine(folder.Path, FailedMarker);
            if (File.Exists(failed) && !folder.IsPublished && File.GetLastWriteTimeUtc(failed) < failedBeforeUtc && folder.HasCheckpoints)
            {
                folder.DeleteWorkingStore();
                deleted.Add(folder.RunId);
            }
        }

        return deleted;
    }

    /// <summary>
    /// The newest run under <paramref name="artifactsPath"/> that failed for good, never published, still has its
    /// checkpoints, and was asked for the same thing as <paramref name="manifest"/> (fingerprint and pipeline file).
    /// </summary>
    public static RunManifest? FindResumable(string artifactsPath, RunManifest manifest, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return All(artifactsPath)
            .Where(f => File.Exists(System.IO.Path.Combine(f.Path, FailedMarker)) && File.Exists(System.IO.Path.Combine(f.Path, RunManifest.FileName)) && !f.IsPublished
                && RunCheckpointStore.IsResumable(f.Path, logger))
            .Select(f => { try { return f.ReadManifest(); } catch (RecsysException) { return null; } })
            .Where(m => m is not null && m.Fingerprint == manifest.Fingerprint && m.PipelinePath == manifest.PipelinePath)
            .OrderByDescending(m => m!.StartedAt)
            .FirstOrDefault();
    }

    private bool HasCheckpoints => Directory.Exists(System.IO.Path.Combine(Path, RunCheckpointStore.FolderName));

    private static IEnumerable<RunFolder> All(string artifactsPath)
    {
        var root = System.IO.Path.GetFullPath(artifactsPath);
        return Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(d => new RunFolder(root, System.IO.Path.GetFileName(d)))
            : [];
    }
}
