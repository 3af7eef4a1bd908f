namespace RecsysBatch.Jobs.Analyst;

/// <summary>One published snapshot: a pipeline's rows of one as-of date.</summary>
public sealed record SnapshotKey(string Pipeline, DateOnly SnapshotDate);
