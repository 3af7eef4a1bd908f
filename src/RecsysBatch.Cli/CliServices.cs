using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecsysBatch.Jobs;

namespace RecsysBatch.Cli;

/// <summary>
/// Configuration and services of the CLI: appsettings.json from the working directory (else next to the binary),
/// then RECSYS__* environment variables; logs to stderr at Warning unless RECSYS_LOG_LEVEL says otherwise.
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build()
    {
        var root = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? Directory.GetCurrentDirectory()
            : AppContext.BaseDirectory;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("RECSYS_LOG_LEVEL"), ignoreCase: true, out var parsed)
            ? parsed
            : LogLevel.Warning;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(level)
            .AddSimpleConsole(o => { o.SingleLine = true; o.IncludeScopes = true; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddRecsysBatch(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
