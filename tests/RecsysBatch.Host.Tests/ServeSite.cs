using System.Net;
using System.Net.Sockets;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// A folder laid out like the repository for `recsys serve`: pipelines/small.pipeline.json (ingest + featurize over a
/// slice of the sample events), schedules/*.schedule.json, and the environment that points the warehouse, the
/// artefacts and the listening port into it.
/// </summary>
internal sealed class ServeSite : IDisposable
{
    public const string ScheduleId = "small-nightly";
    public const string Queue = "recsys_batch";

    private readonly TempFolder temp = new();

    public ServeSite()
    {
        Directory.CreateDirectory(Path.Combine(Root, "pipelines"));
        Directory.CreateDirectory(SchedulesFolder);
        var events = Path.Combine(Root, "events.csv");
        File.WriteAllLines(events, File.ReadLines(RepoPaths.SampleEvents).Take(15_000));
        File.WriteAllText(Path.Combine(Root, "pipelines", "small.pipeline.json"), $$"""
            {
              "name": "small",
              "horizonDays": 7,
              "sources": [ { "format": "canonical", "path": "{{events}}" } ],
              "stages": [ { "name": "ingest" }, { "name": "featurize" } ]
            }
            """);
        WriteSchedule("small", ScheduleId);
        Port = FreePort();
        Environment = new Dictionary<string, string>
        {
            ["Recsys__Warehouse"] = "duckdb:" + WarehousePath,
            ["Recsys__ArtifactsPath"] = Path.Combine(Root, "runs"),
            ["Recsys__Serve__Urls"] = BaseUrl,
            ["Recsys__Serve__Schedules"] = SchedulesFolder,
            ["Recsys__Serve__Storage"] = "inmemory",
        };
    }

    public string Root => temp.Path;

    public string SchedulesFolder => Path.Combine(Root, "schedules");

    public string WarehousePath => Path.Combine(Root, "w.duckdb");

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>RECSYS-style configuration of the child process (Section__Key = value).</summary>
    public Dictionary<string, string> Environment { get; }

    public void WriteSchedule(string file, string id, string pipeline = "pipelines/small.pipeline.json", string cron = "30 2 * * *", string timeZone = "UTC") =>
        File.WriteAllText(Path.Combine(SchedulesFolder, file + ".schedule.json"), $$"""
            {
              "id": "{{id}}",
              "pipeline": "{{pipeline}}",
              "cron": "{{cron}}",
              "timeZone": "{{timeZone}}",
              "queue": "{{Queue}}",
              "retryAttempts": 0,
              "enabled": true
            }
            """);

    /// <summary>
    /// Lets requests from this machine in without a password (Recsys:Serve:Dashboard:AllowLocal, off by default), for
    /// tests that drive the server over loopback and are not about credentials.
    /// </summary>
    public void AllowLocal() => Environment["Recsys__Serve__Dashboard__AllowLocal"] = "true";

    /// <summary>Configures dashboard user <paramref name="index"/> (hashed with the fewest iterations, to keep tests fast).</summary>
    public void AddUser(int index, string name, string password, string role)
    {
        Environment[$"Recsys__Serve__Dashboard__Users__{index}__Name"] = name;
        Environment[$"Recsys__Serve__Dashboard__Users__{index}__PasswordHash"] = PasswordHash.Create(password, PasswordHash.MinIterations);
        Environment[$"Recsys__Serve__Dashboard__Users__{index}__Role"] = role;
    }

    public ServeProcess Start(params string[] args) => ServeProcess.Start(Root, Environment, ["serve", .. args]);

    public ServeProcess.Outcome RunToExit(params string[] args) => ServeProcess.RunToExit(Root, Environment, ["serve", .. args]);

    public void Dispose() => temp.Dispose();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
