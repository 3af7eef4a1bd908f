using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>Registers the PostgreSQL warehouse factory (locations <c>postgres:CONNSTRING</c>) as a singleton IWarehouseFactory.</summary>
    public static IServiceCollection AddPostgresWarehouse(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWarehouseFactory, PostgresWarehouseFactory>(
            provider => new PostgresWarehouseFactory(
                provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetService<IFaultHooks>() ?? NoFaultHooks.Instance)));
        return services;
    }
}
