using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

public static class DuckDbServiceCollectionExtensions
{
    /// <summary>
    /// Registers the DuckDB warehouse factory (locations <c>duckdb:PATH</c>) as a singleton IWarehouseFactory;
    /// <paramref name="memoryLimitBytes"/> gives its connections' memory_limit (null or absent: DuckDB's default).
    /// </summary>
    public static IServiceCollection AddDuckDbWarehouse(this IServiceCollection services, Func<IServiceProvider, long?>? memoryLimitBytes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWarehouseFactory, DuckDbWarehouseFactory>(
            provider => new DuckDbWarehouseFactory(
                provider.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
                DuckDbWarehouseFactory.LockTimeoutFromEnvironment(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetService<IFaultHooks>() ?? NoFaultHooks.Instance) { MemoryLimitBytes = memoryLimitBytes?.Invoke(provider) }));
        return services;
    }
}
