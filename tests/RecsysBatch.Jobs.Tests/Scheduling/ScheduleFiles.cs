using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Scheduling;

/// <summary>A loader composed like the CLI's, and small schedule and pipeline files for tests.</summary>
internal static class ScheduleFiles
{
    public static ScheduleLoader Loader()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRecsysBatch(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ScheduleLoader>();
    }

    /// <summary>A folder laid out like the repository: pipelines/small.pipeline.json and an empty schedules/.</summary>
    public static string Layout(TempFolder temp)
    {
        Directory.CreateDirectory(temp.File("pipelines"));
        File.WriteAllText(temp.File(Path.Combine("pipelines", "small.pipeline.json")), """
            { "name": "small", "stages": [ { "name": "ingest" }, { "name": "featurize" } ] }
            """);
        var schedules = temp.File("schedules");
        Directory.CreateDirectory(schedules);
        return schedules;
    }

    public static string Write(string schedulesFolder, string name, string json)
    {
        var path = Path.Combine(schedulesFolder, name + ".schedule.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A valid schedule's JSON with one field replaced (or removed with null) or added.</summary>
    public static string Json(string id = "small", string? cron = "30 2 * * *", string? timeZone = "Europe/Berlin", string pipeline = "pipelines/small.pipeline.json", string queue = "default", int retryAttempts = 1, string extra = "")
    {
        var fields = new List<string> { $"\"id\": \"{id}\"", $"\"pipeline\": \"{pipeline}\"" };
        if (cron is not null)
        {
            fields.Add($"\"cron\": \"{cron}\"");
        }

        if (timeZone is not null)
        {
            fields.Add($"\"timeZone\": \"{timeZone}\"");
        }

        fields.Add($"\"queue\": \"{queue}\"");
        fields.Add(FormattableString.Invariant($"\"retryAttempts\": {retryAttempts}"));
        fields.Add("\"enabled\": true");
        if (extra.Length > 0)
        {
            fields.Add(extra);
        }

        return "{\n  " + string.Join(",\n  ", fields) + "\n}\n";
    }
}
