using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RecsysBatch.Core;
using RecsysBatch.Jobs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Host;

/// <summary>
/// `recsys serve`: a Hangfire server plus, unless it is a worker, the dashboard, the admin endpoints and the schedule
/// sync. Everything that can be wrong in configuration is checked before Hangfire starts, so a bad setting is one
/// <see cref="RecsysException"/> line and nothing half-started.
/// </summary>
public static class RecsysServer
{
    /// <summary>Runs until Ctrl-C / SIGTERM or <paramref name="cancellationToken"/>, then stops gracefully.</summary>
    public static async Task RunAsync(IConfiguration configuration, bool worker, LogLevel? logLevel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = LoadOptions(configuration);
        var storage = HangfireStorageSpec.Parse(options.Storage);
        using var host = worker ? BuildWorker(configuration, logLevel) : (IHost)BuildWeb(configuration, options, logLevel);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RecsysBatch.Host");

        // Order matters: schedules and storage are checked before anything listens or runs.
        var catalog = worker && options.Queues is { Length: > 0 } ? null : host.Services.GetRequiredService<ScheduleCatalog>();
        if (storage.IsPostgres)
        {
            await PostgresStorageProbe.CheckAsync(storage.PostgresConnectionString!, cancellationToken);
        }

        var jobStorage = ResolveStorage(host.Services, storage);
        var queues = host.Services.GetRequiredService<ServerQueues>().Names;
        if (!worker)
        {
            var result = ScheduleSync.Sync(host.Services.GetRequiredService<IRecurringJobManager>(), jobStorage, catalog!.Schedules);
            HostLog.SchedulesSynced(logger, options.Schedules, catalog.Schedules.Count, string.Join(", ", result.Added), string.Join(", ", result.Updated), string.Join(", ", result.Removed));
        }

        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new RecsysException($"Recsys:Serve:Urls: cannot listen on {options.Urls}: {ex.Message}");
        }

        var storageName = storage.IsPostgres ? $"PostgreSQL (schema {options.SchemaName})" : "in-memory";
        if (worker)
        {
            HostLog.Working(logger, string.Join(", ", queues), storageName);
        }
        else
        {
            HostLog.Serving(logger, string.Join(", ", queues), storageName, options.UrlList()[0]);
            await NoUsersHint.AnnounceAsync(logger, options.Dashboard);
        }

        await host.WaitForShutdownAsync(cancellationToken);
        HostLog.Stopped(logger);
    }

    internal static ServeOptions LoadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(ServeOptions.Section).Get<ServeOptions>() ?? new ServeOptions();
        var result = new ServeOptionsValidation().Validate(Options.DefaultName, options);
        return result.Failed ? throw new RecsysException(result.Failures.First()) : options;
    }

    private static WebApplication BuildWeb(IConfiguration configuration, ServeOptions options, LogLevel? logLevel)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        Configure(builder, configuration, logLevel);
        builder.WebHost.UseUrls(string.Join(';', options.UrlList()));
        builder.Services.AddSingleton(new DashboardLogins(options.Dashboard, TimeProvider.System, PasswordHash.Verify));
        builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, configureOptions: null);
        // With IAntiforgery registered, the dashboard puts a token in its pages and refuses POSTs without it, so another
        // site open in an admin's browser cannot press "Trigger now" or "Delete" with the admin's rights.
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.AdminPolicy, p => p.RequireRole(DashboardRoles.Admin))
            .AddPolicy(AdminEndpoints.ViewerPolicy, p => p.RequireRole(DashboardRoles.Admin, DashboardRoles.Viewer));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => Results.Redirect("/hangfire"));
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardRoleFilter()],
            IsReadOnlyFunc = DashboardRoleFilter.IsReadOnly,
            DashboardTitle = "RecsysBatch",
            DisplayStorageConnectionString = false,
            AppPath = null,
        }).RequireAuthorization(AdminEndpoints.ViewerPolicy);
        app.MapRecsysAdmin();
        return app;
    }

    private static IHost BuildWorker(IConfiguration configuration, LogLevel? logLevel)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        Configure(builder, configuration, logLevel);
        return builder.Build();
    }

    private static void Configure(IHostApplicationBuilder builder, IConfiguration configuration, LogLevel? logLevel)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, logLevel);
        builder.Services.AddRecsysHost(configuration);
    }

    private static JobStorage ResolveStorage(IServiceProvider services, HangfireStorageSpec storage)
    {
        try
        {
            return services.GetRequiredService<JobStorage>();
        }
        catch (Exception ex) when (storage.IsPostgres && (ex is NpgsqlException || ex.InnerException is NpgsqlException))
        {
            var inner = ex as NpgsqlException ?? (NpgsqlException)ex.InnerException!;
            throw new RecsysException($"Recsys:Serve:Storage: cannot prepare Hangfire's schema in PostgreSQL: {inner.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel? level)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level ?? LogLevel.Warning);
        if (level is null)
        {
            logging.AddFilter("RecsysBatch", LogLevel.Information);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        }

        logging.AddFilter("RecsysBatch.Host.BasicAuthenticationHandler", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        // Start-up failures are reported as one error line by the CLI; Kestrel's and the host's own copies would repeat them.
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None);
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        logging.AddRecsysConsole();
    }
}
