using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>The run's lists and ingest figures: rejected lines, model metrics, notes, the ingest summary.</summary>
internal static class RunListCodecs
{
    public const string RejectedId = "rejected";
    public const string MetricsId = "metrics";
    public const string NotesId = "notes";
    /// <summary>The ingest summary with per-source duplicate counts (what this version writes).</summary>
    public const string IngestId = "ingest-summary.v2";

    /// <summary>The summary before duplicate counts: still read, so an older run's checkpoints still resume.</summary>
    public const string IngestV1Id = "ingest-summary";

    public static void WriteRejected(CheckpointFileWriter writer, IReadOnlyList<RejectedEvent> rows)
    {
        writer.WriteStrings([.. rows.Select(r => r.Source)]);
        writer.WriteArray<long>([.. rows.Select(r => r.LineNumber)]);
        writer.WriteStrings([.. rows.Select(r => r.Raw)]);
        writer.WriteStrings([.. rows.Select(r => r.Reason)]);
    }

    public static List<RejectedEvent> ReadRejected(CheckpointFileReader reader)
    {
        var source = reader.ReadStrings();
        var line = reader.ReadArray<long>();
        var raw = reader.ReadStrings();
        var reason = reader.ReadStrings();
        if (line.Length != source.Length || raw.Length != source.Length || reason.Length != source.Length)
        {
            throw reader.Corrupt("rejected-line columns of different lengths");
        }

        var rows = new List<RejectedEvent>(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            rows.Add(new RejectedEvent(source[i]!, line[i], raw[i]!, reason[i]!));
        }

        return rows;
    }

    public static void WriteMetrics(CheckpointFileWriter writer, IReadOnlyList<ModelMetric> rows)
    {
        writer.WriteStrings([.. rows.Select(r => r.Stage)]);
        writer.WriteStrings([.. rows.Select(r => r.Model)]);
        writer.WriteStrings([.. rows.Select(r => r.Metric)]);
        writer.WriteArray<double>([.. rows.Select(r => r.Value)]);
    }

    public static List<ModelMetric> ReadMetrics(CheckpointFileReader reader)
    {
        var stage = reader.ReadStrings();
        var model = reader.ReadStrings();
        var metric = reader.ReadStrings();
        var value = reader.ReadArray<double>();
        if (model.Length != stage.Length || metric.Length != stage.Length || value.Length != stage.Length)
        {
            throw reader.Corrupt("metric columns of different lengths");
        }

        var rows = new List<ModelMetric>(stage.Length);
        for (var i = 0; i < stage.Length; i++)
        {
            rows.Add(new ModelMetric(stage[i]!, model[i]!, metric[i]!, value[i]));
        }

        return rows;
    }

    public static void WriteNotes(CheckpointFileWriter writer, IReadOnlyList<string> rows) => writer.WriteStrings(rows);

    public static List<string> ReadNotes(CheckpointFileReader reader) => [.. reader.ReadStrings().Select(n => n!)];

    public static void WriteIngest(CheckpointFileWriter writer, IngestSummary summary)
    {
        writer.WriteInt64(summary.AfterSnapshot);
        writer.WriteInt64(summary.Events);
        writer.WriteBoolean(summary.NewestEventMs.HasValue);
        writer.WriteInt64(summary.NewestEventMs ?? 0);
        writer.WriteInt32(summary.Sources.Count);
        foreach (var source in summary.Sources)
        {
            writer.WriteString(source.Source);
            writer.WriteInt64(source.InputRows);
            writer.WriteInt64(source.RejectedRows);
            writer.WriteInt64(source.DuplicatesDropped);
            writer.WriteStrings([.. source.RejectedByReason.Keys]);
            writer.WriteArray<long>([.. source.RejectedByReason.Values]);
        }
    }

    public static IngestSummary ReadIngest(CheckpointFileReader reader) => ReadIngest(reader, withDuplicates: true);

    /// <summary>An <see cref="IngestV1Id"/> summary: no duplicate counts (they read as 0).</summary>
    public static IngestSummary ReadIngestV1(CheckpointFileReader reader) => ReadIngest(reader, withDuplicates: false);

    private static IngestSummary ReadIngest(CheckpointFileReader reader, bool withDuplicates)
    {
        var summary = new IngestSummary { AfterSnapshot = reader.ReadInt64(), Events = reader.ReadInt64() };
        var hasNewest = reader.ReadBoolean();
        var newest = reader.ReadInt64();
        summary.NewestEventMs = hasNewest ? newest : null;
        var sources = reader.ReadCount(1);
        for (var s = 0; s < sources; s++)
        {
            var source = new SourceSummary
            {
                Source = reader.RequireString(),
                InputRows = reader.ReadInt64(),
                RejectedRows = reader.ReadInt64(),
                DuplicatesDropped = withDuplicates ? reader.ReadInt64() : 0,
            };
            var reasons = reader.ReadStrings();
            var counts = reader.ReadArray<long>();
            if (counts.Length != reasons.Length)
            {
                throw reader.Corrupt("reject reasons do not match their counts");
            }

            for (var i = 0; i < reasons.Length; i++)
            {
                if (reasons[i] is not { } reason || !source.RejectedByReason.TryAdd(reason, counts[i]))
                {
                    throw reader.Corrupt("a null or repeated reject reason");
                }
            }

            summary.Sources.Add(source);
        }

        return summary;
    }
}
