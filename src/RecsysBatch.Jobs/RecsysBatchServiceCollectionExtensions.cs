using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Options;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;
using RecsysBatch.Pipelines;
using RecsysBatch.Warehouse.DuckDb;
using RecsysBatch.Warehouse.Postgres;

namespace RecsysBatch.Jobs;

/// <summary>The one composition both the CLI and the host call, so `recsys run` does what the scheduled job does.</summary>
public static class RecsysBatchServiceCollectionExtensions
{
    public static IServiceCollection AddRecsysBatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecsysOptions>()
            .Bind(configuration.GetSection(RecsysOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // Tests register their own faults before or after this; test processes ask for them through the environment.
        services.TryAddSingleton(_ => FaultInjection.FromEnvironment());
        services.AddRecsysPipelines();
        services.AddDuckDbWarehouse(provider => provider.GetRequiredService<IOptions<RecsysOptions>>().Value.DuckDbMemoryLimitBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
        services.AddPostgresWarehouse();
        services.AddSingleton<WarehouseLocator>();
        services.AddSingleton<PipelineRunner>();
        // No other process sees a run here unless the composition registers a shared lease (recsys serve, or recsys run
        // next to a served PostgreSQL storage).
        services.TryAddSingleton<IRunLease, NoRunLease>();
        services.AddTransient<RunChain>();
        services.AddSingleton<ScheduleLoader>();
        return services;
    }
}
