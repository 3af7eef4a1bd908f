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

        foreach (var name in data.Keys)
        {
            var version = data.VersionOf(name);
            if (version != before.Versions.GetValueOrDefault(name))
            {
                var artifact = ArtifactRows.Encode(stage, KeyOf(stage, data, registry, name), data.GetItem(name), version);
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
    /// The key a registered stage declares under the item's name (the key the item was stored with, or, while a stage
    /// still stores it by string, the key of its name): an item no declared key names, or of another type, is state
    /// no checkpoint could restore.
    /// </summary>
    private static ArtifactKey KeyOf(string stage, RunData data, ArtifactRegistry registry, string name)
    {
        var value = data.GetItem(name);
        var key = registry.Find(name);
        if (key is null || value is null || !key.Type.IsInstanceOfType(value))
        {
            throw new RecsysException(
                $"Checkpoint of stage '{stage}': item '{name}' is a {value?.GetType().FullName ?? "null"}, which has no checkpoint codec: store it with an ArtifactKey that a stage declares in IPipelineStage.Produces, so later stage jobs can restore it.");
        }

        return key;
    }
}
