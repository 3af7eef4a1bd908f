using System.CommandLine;
using RecsysBatch.Host;

namespace RecsysBatch.Cli.Commands;

/// <summary>`recsys serve [--urls URLS] [--worker]`: the Hangfire server and dashboard (README "Serve").</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "http:// URLs to listen on, ';'-separated; default: Recsys:Serve:Urls (http://127.0.0.1:5000)." };
        var worker = new Option<bool>("--worker") { Description = "Hangfire server only (no HTTP, dashboard or schedule sync): an extra server on shared PostgreSQL storage." };
        var command = new Command("serve", "Run the Hangfire server with the recurring jobs of schedules/ and the dashboard at /hangfire.") { urls, worker };

        // A synchronous action on purpose: System.CommandLine ends an async action 2 s after Ctrl-C/SIGTERM, while the
        // host's own console lifetime lets Hangfire finish its shutdown (HostOptions.ShutdownTimeout) first.
        command.SetAction(parse => CommandErrors.GuardAsync(async () =>
        {
            var overrides = parse.GetValue(urls) is { } value ? new Dictionary<string, string?> { [$"{ServeOptions.Section}:Urls"] = value } : null;
            await RecsysServer.RunAsync(CliServices.Configuration(overrides), parse.GetValue(worker), CliServices.LogLevelFromEnvironment());
            return ExitCodes.Success;
        }).GetAwaiter().GetResult());
        return command;
    }
}
