using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecsysBatch.Core.Options;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Cli.Commands;

/// <summary>The warehouse a command reads: --warehouse, else Recsys:Warehouse of appsettings.json.</summary>
internal static class WarehouseArgument
{
    public static (IWarehouse Warehouse, string Location) Open(IServiceProvider services, string? location)
    {
        location ??= services.GetRequiredService<IOptions<RecsysOptions>>().Value.Warehouse;
        return (services.GetRequiredService<WarehouseLocator>().Open(location), location);
    }

    public static bool IsDuckDb(string location) => location.StartsWith(DuckDbWarehouseFactory.Scheme, StringComparison.OrdinalIgnoreCase);
}
