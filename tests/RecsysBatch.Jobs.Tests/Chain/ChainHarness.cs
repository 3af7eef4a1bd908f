using System.Globalization;
using DuckDB.NET.Data;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>
/// A real Hangfire server (in-memory storage, two workers, one-second schedule polling) running RecsysBatch jobs
/// resolved from AddRecsysBatch, over a temp DuckDB warehouse and artefacts folder.
/// </summary>
internal sealed class ChainHarness : IDisposable
{
    private readonly BackgroundJobServer _server;

    /// <summary>The faults the runs meet: none until a test sets some (it may change them between runs).</summary>
    public FaultInjection Faults { get; } = new();

    public ChainHarness()
    {
        Folder = new TempFolder();
        Warehouse = "duckdb:" + Folder.File("warehouse.duckdb");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recsys:Warehouse"] = Warehouse,
            ["Recsys:ArtifactsPath"] = Folder.File("runs"),
        }).Build();
        Storage = new InMemoryStorage();
        Lease = new RunLease(Storage, TimeProvider.System);
        Services = new ServiceCollection().AddLogging().AddSingleton<IFaultHooks>(Faults).AddRecsysBatch(configuration).AddSingleton<IRunLease>(Lease).BuildServiceProvider();
        Client = new BackgroundJobClient(Storage);
        _server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                Activator = new ProviderActivator(Services),
                WorkerCount = 2,
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                ServerName = "chain-tests-" + Guid.NewGuid().ToString("N")[..6],
            },
            Storage);
    }

    public TempFolder Folder { get; }

    public string Warehouse { get; }

    public ServiceProvider Services { get; }

    public InMemoryStorage Storage { get; }

    /// <summary>The run lease the chain's jobs take, in <see cref="Storage"/> (as `recsys serve` registers it).</summary>
    public RunLease Lease { get; }

    public IBackgroundJobClient Client { get; }

    /// <summary>An ingest + featurize pipeline over the committed sample (seconds per run).</summary>
    public string WritePipeline(string name = "chain", string stages = """{ "name": "ingest" }, { "name": "featurize" }""")
    {
        var path = Folder.File(name + ".pipeline.json");
        var source = RepoPaths.SampleEvents.Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}",
              "horizonDays": 7,
              "sources": [ { "format": "canonical", "path": "{{source}}" } ],
              "stages": [ {{stages}} ]
            }
            """);
        return path;
    }

    public static RunLaunch Launch(string pipeline, DateOnly asOf, int retries) =>
        new(pipeline, asOf, retries, "default", "test") { RetryDelaySeconds = 0 };

    public async Task<IReadOnlyList<JobRun>> WaitForRunsAsync(string pipeline, DateOnly snapshot, Func<IReadOnlyList<JobRun>, bool> done, TimeSpan? timeout = null)
    {
        var warehouse = Services.GetRequiredService<WarehouseLocator>().Open(Warehouse);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            IReadOnlyList<JobRun> runs = File.Exists(Warehouse["duckdb:".Length..])
                ? await warehouse.GetRunsAsync(pipeline, snapshot, CancellationToken.None)
                : [];
            if (done(runs))
            {
                return runs;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for runs of {pipeline} {snapshot:yyyy-MM-dd}; have: {string.Join("; ", runs.Select(r => $"{r.RunId} {r.Status} {r.Error}"))}. Failed jobs: {string.Join("; ", FailedJobs().Select(j => j.Value.ExceptionMessage))}");
            }

            await Task.Delay(250);
        }
    }

    public IReadOnlyList<KeyValuePair<string, FailedJobDto>> FailedJobs() => [.. Storage.GetMonitoringApi().FailedJobs(0, 100)];

    public IReadOnlyList<KeyValuePair<string, SucceededJobDto>> SucceededJobs() => [.. Storage.GetMonitoringApi().SucceededJobs(0, 200)];

    /// <summary>
    /// The succeeded Hangfire jobs once <paramref name="done"/> holds for them (or after 30 s, for the caller's asserts
    /// to report): a job writes its job_runs row before Hangfire moves the job to Succeeded or Failed.
    /// </summary>
    public Task<IReadOnlyList<KeyValuePair<string, SucceededJobDto>>> WaitForSucceededJobsAsync(Func<IReadOnlyList<KeyValuePair<string, SucceededJobDto>>, bool> done) =>
        PollAsync(SucceededJobs, done);

    /// <summary>The failed Hangfire jobs once <paramref name="done"/> holds for them (or after 30 s).</summary>
    public Task<IReadOnlyList<KeyValuePair<string, FailedJobDto>>> WaitForFailedJobsAsync(Func<IReadOnlyList<KeyValuePair<string, FailedJobDto>>, bool> done) =>
        PollAsync(FailedJobs, done);

    /// <summary>Reads a value every 200 ms until <paramref name="done"/> holds for it or 30 s have passed; returns the last read.</summary>
    public static async Task<T> PollAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = read();
        }

        return value;
    }

    /// <summary>Every row of a table of a warehouse ("duckdb:PATH") for a snapshot, run_id left out, in a stable order.</summary>
    public static List<string> Rows(string warehouse, string table, DateOnly snapshot) =>
        TableRows.Read(warehouse["duckdb:".Length..], table, snapshot, readOnly: false);

    /// <summary>The run ids whose rows user_features holds for the snapshot (one after a publish).</summary>
    public List<string> PublishedRunIds(DateOnly snapshot)
    {
        using var connection = new DuckDBConnection("Data Source=" + Warehouse["duckdb:".Length..]);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT run_id FROM user_features WHERE snapshot_date = DATE '{snapshot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public void Dispose()
    {
        _server.SendStop();
        _server.WaitForShutdown(TimeSpan.FromSeconds(30));
        _server.Dispose();
        Storage.Dispose();
        Services.Dispose();
        Folder.Dispose();
    }

    private sealed class ProviderActivator(IServiceProvider services) : JobActivator
    {
        public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
    }
}
