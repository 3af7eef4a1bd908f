using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecsysBatch.Jobs;
using RecsysBatch.Jobs.Scheduling;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Host;

/// <summary>
/// The composition of `recsys serve` over <see cref="RecsysBatchServiceCollectionExtensions.AddRecsysBatch"/>: the
/// validated Recsys:Serve options, the schedules, the Hangfire storage and server, and the run lease in that storage.
/// </summary>
public static class RecsysHostServiceCollectionExtensions
{
    public static IServiceCollection AddRecsysHost(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ServeOptions>()
            .Bind(configuration.GetSection(ServeOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServeOptions>, ServeOptionsValidation>();
        services.AddRecsysBatch(configuration);
        services.AddSingleton(sp => new ScheduleCatalog(
            new ScheduleLoader(sp.GetRequiredService<PipelineFileLoader>()).LoadFolder(Serve(sp).Schedules)));
        services.AddSingleton(sp =>
        {
            var queues = Serve(sp).Queues;
            return new ServerQueues(HangfireQueues.Resolve(queues, queues is { Length: > 0 } ? [] : sp.GetRequiredService<ScheduleCatalog>().Schedules.Select(s => s.Queue)));
        });
        services.AddHangfire((sp, config) => ConfigureHangfire(config, Serve(sp)));
        services.AddHangfireServer((sp, server) =>
        {
            server.Queues = sp.GetRequiredService<ServerQueues>().Names;
            if (Serve(sp).WorkerCount is { } workers)
            {
                server.WorkerCount = workers;
            }
        });

        // Served runs hold their lease in the storage every server shares.
        services.AddSingleton<IRunLease>(sp => new RunLease(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static ServeOptions Serve(IServiceProvider services) => services.GetRequiredService<IOptions<ServeOptions>>().Value;

    private static void ConfigureHangfire(IGlobalConfiguration config, ServeOptions options)
    {
        config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseJobDetailsRenderer(JobProgressRenderer.Order, JobProgressRenderer.Render);
        var storage = HangfireStorageSpec.Parse(options.Storage);
        if (storage.IsPostgres)
        {
            config.UsePostgreSqlStorage(b => b.UseNpgsqlConnection(storage.PostgresConnectionString), options.StorageSettings().PostgresOptions());
        }
        else
        {
            config.UseInMemoryStorage(new InMemoryStorageOptions());
        }
    }
}
