using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>Applies one checkpoint to a working store: reads each file, verifies it, then sets or appends its value.</summary>
internal static class CheckpointApplier
{
    public static void Apply(string folder, CheckpointManifest manifest, StageContext context)
    {
        var data = context.Data;
        if (manifest.SnapshotDate is { } date)
        {
            if (context.HasSnapshotDate && context.SnapshotDate != date)
            {
                throw new RecsysException(
                    $"{folder}: the checkpoint's snapshot date {date:yyyy-MM-dd} differs from the run's {context.SnapshotDate:yyyy-MM-dd}.");
            }

            context.ResolveSnapshotDate(date);
        }

        foreach (var entry in manifest.Entries)
        {
            switch (entry.Kind)
            {
                case CheckpointEntry.EventsKind:
                    data.Events = entry.File is null ? null
                        : entry.Codec == EventTableCodec.V1Id ? Read(folder, entry, EventTableCodec.V1Id, EventTableCodec.ReadV1)
                        : Read(folder, entry, EventTableCodec.Id, EventTableCodec.Read);
                    break;
                case CheckpointEntry.IngestKind:
                    data.Ingest = entry.File is null ? null
                        : entry.Codec == RunListCodecs.IngestV1Id ? Read(folder, entry, RunListCodecs.IngestV1Id, RunListCodecs.ReadIngestV1)
                        : Read(folder, entry, RunListCodecs.IngestId, RunListCodecs.ReadIngest);
                    break;
                case CheckpointEntry.RejectedKind:
                    ReplaceTail(folder, entry, data.Rejected, Read(folder, entry, RunListCodecs.RejectedId, RunListCodecs.ReadRejected));
                    break;
                case CheckpointEntry.MetricsKind:
                    ReplaceTail(folder, entry, data.Metrics, Read(folder, entry, RunListCodecs.MetricsId, RunListCodecs.ReadMetrics));
                    break;
                case CheckpointEntry.NotesKind:
                    ReplaceTail(folder, entry, data.Notes, Read(folder, entry, RunListCodecs.NotesId, RunListCodecs.ReadNotes));
                    break;
                case CheckpointEntry.OutputKind:
                    var table = Read(folder, entry, OutputTableCodec.Id, OutputTableCodec.Read);
                    if (table.Name != entry.Key || data.TryGetOutput(table.Name, out _))
                    {
                        throw Bad(folder, $"output {entry.Key} is not the table its file holds, or is already in the working store");
                    }

                    data.AddOutput(table);
                    break;
                case CheckpointEntry.ItemKind:
                    data.Set(entry.Key ?? throw Bad(folder, "an item without a key"), ReadItem(folder, entry));
                    break;
                default:
                    throw Bad(folder, $"unknown entry kind '{entry.Kind}'");
            }
        }
    }

    private static object ReadItem(string folder, CheckpointEntry entry)
    {
        if (entry.Codec == CheckpointEntry.NullCodec)
        {
            return null!;
        }

        var codec = ItemCodecs.ById(entry.Codec)
            ?? throw Bad(folder, $"item '{entry.Key}' has codec '{entry.Codec}', which this build does not know");
        return Read(folder, entry, codec.Id, codec.Read);
    }

    private static void ReplaceTail<T>(string folder, CheckpointEntry entry, List<T> list, List<T> rows)
    {
        if (entry.Start < 0 || entry.Start > list.Count)
        {
            throw Bad(folder, string.Create(CultureInfo.InvariantCulture, $"{entry.Kind} start at row {entry.Start}, the list has {list.Count}"));
        }

        list.RemoveRange(entry.Start, list.Count - entry.Start);
        list.AddRange(rows);
    }

    private static T Read<T>(string folder, CheckpointEntry entry, string codec, Func<CheckpointFileReader, T> read)
    {
        if (entry.File is null || entry.File != Path.GetFileName(entry.File) || entry.File.StartsWith('.'))
        {
            throw Bad(folder, $"entry {entry.Kind} {entry.Key} names no valid file");
        }

        if (!ulong.TryParse(entry.Checksum, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var checksum))
        {
            throw Bad(folder, $"entry {entry.File} has no valid checksum");
        }

        using var reader = new CheckpointFileReader(Path.Combine(folder, entry.File), codec, entry.Length);
        T value;
        try
        {
            value = read(reader);
        }
        catch (Exception ex) when (ex is not (RecsysException or OutOfMemoryException or OperationCanceledException))
        {
            throw new RecsysException($"{reader.Path}: corrupt checkpoint file: {ex.GetType().Name}: {ex.Message}", ex);
        }

        reader.Verify(checksum);
        return value;
    }

    private static RecsysException Bad(string folder, string reason) =>
        new($"{Path.Combine(folder, CheckpointFolder.ManifestFile)}: corrupt checkpoint manifest: {reason}.");
}
