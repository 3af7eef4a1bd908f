namespace RecsysBatch.Cli.Tests;

/// <summary>Writes small pipeline files for tests (sources are passed with --source or given here).</summary>
internal static class PipelineFiles
{
    public static string Write(string folder, string name = "nightly", double maxRejectedShare = 0.01, string? sourcesJson = null)
    {
        var path = Path.Combine(folder, name + ".pipeline.json");
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}",
              "horizonDays": 7,
              "sources": {{sourcesJson ?? "[]"}},
              "stages": [
                { "name": "ingest", "options": { "maxRejectedShare": {{maxRejectedShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } },
                { "name": "featurize" }
              ]
            }
            """);
        return path;
    }
}
