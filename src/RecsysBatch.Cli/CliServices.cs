using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecsysBatch.Host;
using RecsysBatch.Jobs;

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
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
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
