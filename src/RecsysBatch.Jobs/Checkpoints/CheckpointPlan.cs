using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The delta of one stage: what its working store gained since the baseline, each value with the codec that writes
/// it. Built before any file is written, so an item no codec takes fails the save with nothing on disk.
/// </summary>
internal sealed class CheckpointPlan
{
    private readonly List<(CheckpointEntry Entry, Action<CheckpointFileWriter>? Write)> _pending = [];

    private CheckpointPlan()
    {
    }

    /// <summary>The snapshot date when this stage resolved it.</summary>
    public DateOnly? SnapshotDate { get; private init; }

    public static CheckpointPlan Create(string stage, CheckpointBaseline before, StageContext context)
    {
        var data = context.Data;
        var plan = new CheckpointPlan
        {
            SnapshotDate = context.HasSnapshotDate && before.SnapshotDate != context.SnapshotDate ? context.SnapshotDate : null,
        };

        if (!ReferenceEquals(data.Events, before.Events) || (data.Events?.Count ?? 0) != before.EventCount)
        {
            var events = data.Events;
            plan.Add(new() { Kind = CheckpointEntry.EventsKind, Codec = EventTableCodec.Id, Count = events?.Count ?? 0 },
                events is null ? null : w => EventTableCodec.Write(w, events));
        }

        var ingest = data.Ingest;
        if (ingest is null
            ? before.Ingest is not null
            : !ReferenceEquals(ingest, before.Ingest) || !CheckpointBaseline.IngestBytesOf(ingest).AsSpan().SequenceEqual(before.IngestBytes))
        {
            plan.Add(new() { Kind = CheckpointEntry.IngestKind, Codec = RunListCodecs.IngestId },
                ingest is null ? null : w => RunListCodecs.WriteIngest(w, ingest));
        }

        if (CheckpointBaseline.TailStart(before.Rejected, data.Rejected) is { } rejected)
        {
            var rows = data.Rejected.Skip(rejected).ToList();
            plan.Add(new() { Kind = CheckpointEntry.RejectedKind, Codec = RunListCodecs.RejectedId, Start = rejected, Count = rows.Count },
                w => RunListCodecs.WriteRejected(w, rows));
        }

        if (CheckpointBaseline.TailStart(before.Metrics, data.Metrics) is { } metrics)
        {
            var rows = data.Metrics.Skip(metrics).ToList();
            plan.Add(new() { Kind = CheckpointEntry.MetricsKind, Codec = RunListCodecs.MetricsId, Start = metrics, Count = rows.Count },
                w => RunListCodecs.WriteMetrics(w, rows));
        }

        if (CheckpointBaseline.TailStart(before.Notes, data.Notes) is { } notes)
        {
            var rows = data.Notes.Skip(notes).ToList();
            plan.Add(new() { Kind = CheckpointEntry.NotesKind, Codec = RunListCodecs.NotesId, Start = notes, Count = rows.Count },
                w => RunListCodecs.WriteNotes(w, rows));
        }

        foreach (var table in data.Outputs)
        {
            if (before.Outputs.TryGetValue(table.Name, out var saved) && ReferenceEquals(saved, table))
            {
                continue;
            }

            if (OutputTableCodec.UnsupportedColumn(table) is { } why)
            {
                throw new RecsysException($"Checkpoint of stage '{stage}': output table {table.Name} cannot be stored: {why}.");
            }

            plan.Add(new() { Kind = CheckpointEntry.OutputKind, Key = table.Name, Codec = OutputTableCodec.Id, Count = table.RowCount },
                w => OutputTableCodec.Write(w, table));
        }

        foreach (var key in data.Keys)
        {
            if (data.VersionOf(key) != before.Versions.GetValueOrDefault(key))
            {
                plan.AddItem(stage, key, data.GetItem(key));
            }
        }

        return plan;
    }

    /// <summary>Writes the files into <paramref name="folder"/> and returns the manifest entries naming them.</summary>
    public List<CheckpointEntry> Write(string folder)
    {
        var entries = new List<CheckpointEntry>(_pending.Count);
        for (var i = 0; i < _pending.Count; i++)
        {
            var (entry, write) = _pending[i];
            if (write is null)
            {
                entries.Add(entry);
                continue;
            }

            var file = string.Create(CultureInfo.InvariantCulture, $"{i:D3}-{entry.Kind}.bin");
            using var writer = CheckpointFileWriter.Create(Path.Combine(folder, file), entry.Codec);
            write(writer);
            var (length, checksum) = writer.Complete();
            entries.Add(entry with { File = file, Length = length, Checksum = checksum.ToString("x16", CultureInfo.InvariantCulture) });
        }

        return entries;
    }

    private void Add(CheckpointEntry entry, Action<CheckpointFileWriter>? write) => _pending.Add((entry, write));

    private void AddItem(string stage, string key, object? value)
    {
        if (value is null)
        {
            Add(new() { Kind = CheckpointEntry.ItemKind, Key = key, Codec = CheckpointEntry.NullCodec }, null);
            return;
        }

        var type = value.GetType();
        var codec = ItemCodecs.For(value) ?? throw new RecsysException(
            $"Checkpoint of stage '{stage}': item '{key}' is a {type.FullName}, which has no checkpoint codec; add one to {nameof(ItemCodecs)} so later stage jobs can restore it.");
        if (codec.Unsupported(value) is { } why)
        {
            throw new RecsysException($"Checkpoint of stage '{stage}': item '{key}' ({type.FullName}) cannot be stored: {why}.");
        }

        Add(new() { Kind = CheckpointEntry.ItemKind, Key = key, Codec = codec.Id, Type = type.FullName }, w =>
        {
            try
            {
                codec.Write(w, value);
            }
            catch (Exception ex) when (ex is not (RecsysException or IOException or OutOfMemoryException))
            {
                // E.g. an ML.NET transformer that cannot be saved: the stage's state would be lost, so the save fails.
                throw new RecsysException($"Checkpoint of stage '{stage}': item '{key}' ({type.FullName}) cannot be stored: {ex.Message}", ex);
            }
        });
    }
}
