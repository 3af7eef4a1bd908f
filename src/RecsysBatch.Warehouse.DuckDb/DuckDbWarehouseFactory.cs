using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>Opens <c>duckdb:PATH</c> locations (a relative PATH is taken from the current directory).</summary>
public sealed class DuckDbWarehouseFactory : IWarehouseFactory
{
    public const string Scheme = "duckdb:";

    /// <summary>How long a publish waits for a file locked by another process before it fails.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeSpan _lockTimeout;

    public DuckDbWarehouseFactory()
        : this(NullLoggerFactory.Instance)
    {
    }

    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory)
        : this(loggerFactory, DefaultLockTimeout)
    {
    }

    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        _lockTimeout = lockTimeout;
    }

    public bool CanOpen(string location) =>
        location is not null && location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public IWarehouse Open(string location)
    {
        if (!CanOpen(location))
        {
            throw new RecsysException($"Warehouse location '{location}' is not a DuckDB location (expected duckdb:PATH).");
        }

        var path = location[Scheme.Length..].Trim();
        if (path.Length == 0)
        {
            throw new RecsysException($"Warehouse location '{location}' names no file (expected duckdb:PATH).");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var logger = _loggerFactory.CreateLogger<DuckDbWarehouse>();
        return new DuckDbWarehouse(new DuckDbConnector(fullPath, _lockTimeout, logger), logger);
    }
}
