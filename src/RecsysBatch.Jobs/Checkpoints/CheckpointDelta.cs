using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// What one stage's working store gained since the baseline: built (artifacts encoded, tables checked) before the
/// file is opened, so an artifact no codec takes fails the save with nothing written; then written in the save's
/// transaction.
/// </summary>
internal sealed class CheckpointDelta
{
    private readonly List<Action<DuckDBConnection>> _writes = [];

    private CheckpointDelta()
    {
    }

    /// <summary>The snapshot date when this stage resolved it.</summary>
    public DateOnly? SnapshotDate { get; private init; }

    public static CheckpointDelta Create(string stage, CheckpointBaseline before, StageContext context, ArtifactRegistry registry)
    {
        var data = context.Data;
        var delta = new CheckpointDelta
        {
            SnapshotDate = context.HasSnapshotDate && before.SnapshotDate != context.SnapshotDate ? context.SnapshotDate : null,
        };

        if (delta.SnapshotDate is { } date)
        {
            delta._writes.Add(c =>
            {
                CheckpointSql.Execute(c, "DELETE FROM snapshot");
                CheckpointSql.Execute(c, "INSERT INTO snapshot VALUES ($1)", date);
            });
        }

        if (!ReferenceEquals(data.Events, before.Events) || (data.Events?.Count ?? 0) != before.EventCount)
        {
            var events = data.Events;
            delta._writes.Add(c => EventRows.Replace(c, events, stage));
        }

        var ingest = data.Ingest;
        if (ingest is null ? before.Ingest is not null : !ReferenceEquals(ingest, before.Ingest) || CheckpointBaseline.FingerprintOf(ingest) != before.IngestFingerprint)
        {
            delta._writes.Add(c => RunListRows.ReplaceIngest(c, ingest, stage));
        }

        if (CheckpointBaseline.TailStart(before.Rejected, data.Rejected) is { } rejected)
        {
            List<RejectedEvent> rows = [.. data.Rejected.Skip(rejected)];
            delta._writes.Add(c => RunListRows.ReplaceRejected(c, rejected, rows));
        }

        if (CheckpointBaseline.TailStart(before.Metrics, data.Metrics) is { } metrics)
        {
            List<ModelMetric> rows = [.. data.Metrics.Skip(metrics)];
            delta._writes.Add(c => RunListRows.ReplaceMetrics(c, metrics, rows));
        }

        if (CheckpointBaseline.TailStart(before.Notes, data.Notes) is { } notes)
        {
            List<string> rows = [.. data.Notes.Skip(notes)];
            delta._writes.Add(c => RunListRows.ReplaceNotes(c, notes, rows));
        }

        foreach (var table in data.Outputs)
        {
            if (before.Outputs.TryGetValue(table.Name, out var saved) && ReferenceEquals(saved, table))
            {
                continue;
            }

            if (OutputRows.UnsupportedColumn(table) is { } why)
            {
                throw new RecsysException($"Checkpoint of stage '{stage}': output table {table.Name} cannot be stored: {why}.");
            }

            delta._writes.Add(c => OutputRows.Write(c, table, stage));
        }

        foreach (var key in data.Artifacts)
        {
            var version = data.VersionOf(key);
            if (version != before.Versions.GetValueOrDefault(key.Name))
            {
                var artifact = ArtifactRows.Encode(stage, Declared(stage, data, registry, key), data.GetItem(key), version);
                delta._writes.Add(c => ArtifactRows.Write(c, stage, artifact));
            }
        }

        return delta;
    }

    public void Write(DuckDBConnection connection)
    {
        foreach (var write in _writes)
        {
            write(connection);
        }
    }

    /// <summary>
    /// The key as a registered stage declares it: an artifact no stage declares in <see cref="IPipelineStage.Produces"/>
    /// (or declares with another type) is state no later stage job could restore.
    /// </summary>
    private static ArtifactKey Declared(string stage, RunData data, ArtifactRegistry registry, ArtifactKey key)
    {
        var declared = registry.Find(key.Name);
        if (declared is null || declared.Type != key.Type)
        {
            throw new RecsysException(
                $"Checkpoint of stage '{stage}': artifact '{key.Name}' is a {data.GetItem(key).GetType().FullName}, which no registered stage declares: add its ArtifactKey to the producing stage's IPipelineStage.Produces, so later stage jobs can restore it.");
        }

        return declared;
    }
}
