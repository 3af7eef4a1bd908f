namespace RecsysBatch.Jobs.Runs;

/// <summary>How one stage of a run went: ran, skipped (with why) or failed, and how long it took.</summary>
public sealed record StageReport(string Stage, string Outcome, TimeSpan Duration, string? Note = null)
{
    public const string Ran = "ran";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string Disabled = "disabled";
}
