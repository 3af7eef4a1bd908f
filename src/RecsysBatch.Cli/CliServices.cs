using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecsysBatch.Jobs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Cli;

/// <summary>
/// Configuration and services of the CLI: appsettings.json from the working directory (else next to the binary),
/// then RECSYS__* environment variables; logs to stderr (ISO UTC timestamps, one line each; see
/// <see cref="ConsoleLogging"/>) at Warning unless RECSYS_LOG_LEVEL says otherwise.
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build()
    {
        var configuration = Configuration();
        var level = LogLevelFromEnvironment() ?? LogLevel.Warning;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(level)
            .AddRecsysConsole());
        services.AddRecsysBatch(configuration);
        services.AddSingleton<IRunLease>(sp => RunLeaseFor(configuration, sp.GetRequiredService<TimeProvider>()));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// The lease of in-process runs: the served runs' one when `recsys serve` keeps its jobs in PostgreSQL (shared by
    /// every process); with in-memory storage no other process could see a lease, so none is taken.
    /// </summary>
    private static IRunLease RunLeaseFor(IConfiguration configuration, TimeProvider time)
    {
        return HangfireStorageSettings.From(configuration).OpenShared() is { } storage ? new SharedRunLease(new RunLease(storage, time)) : new NoRunLease();
    }

    /// <summary>appsettings.json, then environment variables, then <paramref name="overrides"/> (command-line options).</summary>
    public static IConfigurationRoot Configuration(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var root = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? Directory.GetCurrentDirectory()
            : AppContext.BaseDirectory;
        return new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();
    }

    /// <summary>RECSYS_LOG_LEVEL (Trace..None), when set.</summary>
    public static LogLevel? LogLevelFromEnvironment() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("RECSYS_LOG_LEVEL"), ignoreCase: true, out var parsed) ? parsed : null;
}
