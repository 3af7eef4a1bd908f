namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>One value a stage added or replaced in the working store, and the file that holds it.</summary>
internal sealed record CheckpointEntry
{
    public const string EventsKind = "events";
    public const string IngestKind = "ingest";
    public const string RejectedKind = "rejected";
    public const string MetricsKind = "metrics";
    public const string NotesKind = "notes";
    public const string OutputKind = "output";
    public const string ItemKind = "item";

    /// <summary>Codec of an item stored as null (RunData.Set with a null value).</summary>
    public const string NullCodec = "null";

    /// <summary>One of the kind constants.</summary>
    public required string Kind { get; init; }

    /// <summary>The output table name or the item key.</summary>
    public string? Key { get; init; }

    public required string Codec { get; init; }

    /// <summary>CLR type of an item, for people reading the manifest.</summary>
    public string? Type { get; init; }

    /// <summary>File name in the checkpoint folder; null when the value became null (events or ingest cleared, null item).</summary>
    public string? File { get; init; }

    /// <summary>For the lists (rejected, metrics, notes): the index from which these rows replace the list's tail.</summary>
    public int Start { get; init; }

    /// <summary>Rows (events, table rows, list rows), for people reading the manifest.</summary>
    public long Count { get; init; }

    public long Length { get; init; }

    /// <summary>The file's <see cref="Checksum64"/>, 16 hex digits.</summary>
    public string? Checksum { get; init; }
}
