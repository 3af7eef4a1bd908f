using System.Text.Json;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// What ingest had counted when a staged run failed in it: no checkpoint holds these figures, so they are kept in the
/// run folder (failure_counts.json) for the job_runs row that RecordFailedAsync writes.
/// </summary>
internal sealed record FailureCounts(long InputRows, long RejectedRows, long DuplicatesDropped)
{
    public const string FileName = "failure_counts.json";

    public static void Write(string runDirectory, FailureCounts counts) =>
        File.WriteAllBytes(Path.Combine(runDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(counts));

    public static FailureCounts? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<FailureCounts>(File.ReadAllBytes(path)) : null;
        }
        catch (JsonException)
        {
            return null; // the counts are a courtesy: a damaged file leaves the row with zeros, as before
        }
    }
}
