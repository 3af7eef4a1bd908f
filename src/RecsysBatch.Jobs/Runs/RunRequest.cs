using RecsysBatch.Core.Pipelines;

namespace RecsysBatch.Jobs.Runs;

/// <summary>What to run: a pipeline file, optionally for a given snapshot, other sources or another warehouse.</summary>
public sealed record RunRequest(string PipelinePath)
{
    /// <summary>The as-of date; null → the UTC day after the newest input event.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Sources replacing those of the pipeline file (empty → the file's).</summary>
    public IReadOnlyList<SourceSpec> Sources { get; init; } = [];

    /// <summary>Warehouse location replacing Recsys:Warehouse (duckdb:PATH or postgres:CONNSTRING).</summary>
    public string? Warehouse { get; init; }

    /// <summary>Command-line changes to the pipeline file (--horizon-days, --set); the run manifest carries them to every step.</summary>
    public PipelineOverrides Overrides { get; init; } = PipelineOverrides.None;
}

/// <summary>Which run of which (pipeline, snapshot date): what a run lease names.</summary>
public sealed record RunKey(string Pipeline, DateOnly Snapshot, string RunId);
