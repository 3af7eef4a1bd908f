namespace RecsysBatch.Jobs.Analyst;

/// <summary>What `recsys export` writes: which snapshot (null: each pipeline's newest succeeded one), which tables, where, how.</summary>
public sealed record ExportRequest(string OutputFolder, string Format)
{
    public const string Parquet = "parquet";

    public const string Csv = "csv";

    /// <summary>Only this pipeline's rows (null: every pipeline's).</summary>
    public string? Pipeline { get; init; }

    /// <summary>The as-of date (null: the newest succeeded snapshot of each selected pipeline).</summary>
    public DateOnly? Snapshot { get; init; }

    /// <summary>Only these tables (empty: every table with a snapshot_date column).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
}
