using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>Opens <c>duckdb:PATH</c> locations (a relative PATH is taken from the current directory).</summary>
public sealed class DuckDbWarehouseFactory : IWarehouseFactory
{
    public const string Scheme = "duckdb:";

    /// <summary>How long a publish waits for a file locked by another process before it fails.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Environment variable that shortens or lengthens the lock wait (seconds), e.g. for tests and busy files.</summary>
    public const string LockTimeoutVariable = "RECSYS_DUCKDB_LOCK_TIMEOUT_SECONDS";

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeProvider _time;
    private readonly IFaultHooks _faults;

    public DuckDbWarehouseFactory()
        : this(NullLoggerFactory.Instance)
    {
    }

    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory)
        : this(loggerFactory, DefaultLockTimeout)
    {
    }

    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory, TimeSpan lockTimeout)
        : this(loggerFactory, lockTimeout, TimeProvider.System)
    {
    }

    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory, TimeSpan lockTimeout, TimeProvider time)
        : this(loggerFactory, lockTimeout, time, NoFaultHooks.Instance)
    {
    }

    /// <param name="faults">Called inside each publish transaction (tests pause there to kill the process).</param>
    public DuckDbWarehouseFactory(ILoggerFactory loggerFactory, TimeSpan lockTimeout, TimeProvider time, IFaultHooks faults)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(faults);
        _loggerFactory = loggerFactory;
        _lockTimeout = lockTimeout;
        _time = time;
        _faults = faults;
    }

    /// <summary>The lock wait: <see cref="LockTimeoutVariable"/> when it holds a number of seconds, else the default.</summary>
    public static TimeSpan LockTimeoutFromEnvironment() =>
        double.TryParse(Environment.GetEnvironmentVariable(LockTimeoutVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultLockTimeout;

    /// <summary>DuckDB's memory_limit on the warehouse's connections (Recsys:MemoryLimitGb); null: DuckDB's default.</summary>
    public long? MemoryLimitBytes { get; init; }

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
        if (Directory.Exists(fullPath))
        {
            throw new RecsysException($"Warehouse location '{location}' (Recsys:Warehouse / --warehouse) is a folder, not a DuckDB file.");
        }

        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RecsysException($"Warehouse location '{location}' (Recsys:Warehouse / --warehouse): cannot create its folder {folder}: {ex.Message}", ex);
            }
        }

        var logger = _loggerFactory.CreateLogger<SqlWarehouse>();
        return new SqlWarehouse(DuckDbDialect.Instance, new DuckDbSession(new DuckDbConnector(fullPath, _lockTimeout, logger, MemoryLimitBytes)), logger, _time, _faults);
    }
}
