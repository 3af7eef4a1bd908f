using Microsoft.Extensions.Logging;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Log lines of the ingest stage.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Read {Source}: {Lines} lines, {Rejected} rejected, {Duplicates} exact duplicates dropped, {AfterSnapshot} after the snapshot in {Seconds:F1} s")]
    public static partial void SourceRead(ILogger logger, string source, long lines, long rejected, long duplicates, long afterSnapshot, double seconds);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Events} events ({Users} users, {Items} items, {Categories} categories) before snapshot {Snapshot:yyyy-MM-dd}")]
    public static partial void Ingested(ILogger logger, long events, int users, int items, int categories, DateOnly snapshot);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The newest event ({Newest:u}) is after the run's clock allows a snapshot: the snapshot is {Snapshot:yyyy-MM-dd}")]
    public static partial void SnapshotClamped(ILogger logger, DateTime newest, DateOnly snapshot);
}
