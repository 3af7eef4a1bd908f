using Microsoft.Extensions.Logging;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Log lines of the ingest stage.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Read {Source}: {Lines} lines, {Rejected} rejected, {AfterSnapshot} after the snapshot in {Seconds:F1} s")]
    public static partial void SourceRead(ILogger logger, string source, long lines, long rejected, long afterSnapshot, double seconds);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Events} events ({Users} users, {Items} items, {Categories} categories) before snapshot {Snapshot:yyyy-MM-dd}")]
    public static partial void Ingested(ILogger logger, long events, int users, int items, int categories, DateOnly snapshot);
}
