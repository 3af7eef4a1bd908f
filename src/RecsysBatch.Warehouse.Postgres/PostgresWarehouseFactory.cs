using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Opens <c>postgres:CONNSTRING</c> locations: an Npgsql connection string (Host, Port, Database, Username, Password,
/// ...) with an optional <c>Schema</c> key naming the PostgreSQL schema of the tables (default <c>recsys</c>;
/// created when missing). Opening connects to nothing: the first call does, and an unreachable server fails it.
/// </summary>
public sealed class PostgresWarehouseFactory : IWarehouseFactory
{
    public const string Scheme = PostgresLocation.Scheme;

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IFaultHooks _faults;

    public PostgresWarehouseFactory()
        : this(NullLoggerFactory.Instance)
    {
    }

    public PostgresWarehouseFactory(ILoggerFactory loggerFactory)
        : this(loggerFactory, TimeProvider.System)
    {
    }

    public PostgresWarehouseFactory(ILoggerFactory loggerFactory, TimeProvider time)
        : this(loggerFactory, time, NoFaultHooks.Instance)
    {
    }

    /// <param name="faults">Called inside each publish transaction (tests pause there to kill the process).</param>
    public PostgresWarehouseFactory(ILoggerFactory loggerFactory, TimeProvider time, IFaultHooks faults)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(faults);
        _loggerFactory = loggerFactory;
        _time = time;
        _faults = faults;
    }

    public bool CanOpen(string location) =>
        location is not null && location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public IWarehouse Open(string location)
    {
        if (!CanOpen(location))
        {
            throw new RecsysException($"Warehouse location '{location}' is not a PostgreSQL location (expected postgres:CONNSTRING).");
        }

        var parsed = PostgresLocation.Parse(location);
        return new SqlWarehouse(new PostgresDialect(parsed.Schema), new PostgresSession(parsed), _loggerFactory.CreateLogger<SqlWarehouse>(), _time, _faults);
    }
}
