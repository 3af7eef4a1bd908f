namespace RecsysBatch.Pipelines.Ingest;

/// <summary>A rejected line of a chunk: chunk-local 1-based line number, raw text (cut), reason.</summary>
internal sealed record LocalReject(long Line, string Raw, string Reason);
