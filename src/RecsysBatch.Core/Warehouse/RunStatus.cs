namespace RecsysBatch.Core.Warehouse;

/// <summary>Values of job_runs.status.</summary>
public static class RunStatus
{
    /// <summary>Started and not finished; a run killed mid-way stays here until a later run of its snapshot publishes.</summary>
    public const string Running = "running";

    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    /// <summary>Was still 'running' when a later run of the same pipeline and snapshot published: it was killed.</summary>
    public const string Abandoned = "abandoned";
}
