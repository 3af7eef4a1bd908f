using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Runs;

/// <summary>Opens the warehouse a location names, through whichever registered factory accepts it.</summary>
public sealed class WarehouseLocator(IEnumerable<IWarehouseFactory> factories)
{
    public IWarehouse Open(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var factory = factories.FirstOrDefault(f => f.CanOpen(location))
            ?? throw new RecsysException($"Warehouse '{Redact(location)}': no warehouse of this kind is available (use duckdb:PATH or postgres:CONNSTRING).");
        return factory.Open(location);
    }

    /// <summary>The location without anything after the scheme that could be a password.</summary>
    public static string Redact(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase) ? location : location.Split(':')[0] + ":…";
    }
}
