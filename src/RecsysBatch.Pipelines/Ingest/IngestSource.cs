using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>A source resolved to the files ingest reads; resolving fails with the file name when one is missing.</summary>
internal sealed record IngestSource(SourceSpec Spec, string File, IReadOnlyList<string> PropertyFiles)
{
    /// <summary>FORMAT:PATH as given, the Source of its rejected_events rows.</summary>
    public string Name => Spec.ToString();

    public bool IsParquet => Spec.Format == "canonical" && File.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public long Bytes => new FileInfo(File).Length + PropertyFiles.Sum(p => new FileInfo(p).Length);

    public static IngestSource Resolve(SourceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!SourceSpec.Formats.Contains(spec.Format))
        {
            throw new RecsysException($"Source '{spec}': unknown format '{spec.Format}' (formats: {string.Join(", ", SourceSpec.Formats)}).");
        }

        var file = spec.Path;
        IReadOnlyList<string> properties = [];
        if (spec.Format == "retailrocket")
        {
            // The path may name events.csv or the folder holding it (and the item_properties files).
            file = Directory.Exists(spec.Path) ? Path.Combine(spec.Path, "events.csv") : spec.Path;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
            properties = Directory.Exists(folder)
                ? [.. Directory.GetFiles(folder, "item_properties_part*.csv").Order(StringComparer.Ordinal)]
                : [];
        }

        if (!System.IO.File.Exists(file))
        {
            throw new RecsysException($"{file}: source file not found (source {spec}).");
        }

        return new IngestSource(spec, file, properties);
    }
}
