using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

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

    public PostgresWarehouseFactory()
        : this(NullLoggerFactory.Instance)
    {
    }

    public PostgresWarehouseFactory(ILoggerFactory loggerFactory)
        : this(loggerFactory, TimeProvider.System)
    {
    }

    public PostgresWarehouseFactory(ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        _loggerFactory = loggerFactory;
        _time = time;
    }

    public bool CanOpen(string location) =>
        location is not null && location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public IWarehouse Open(string location)
    {
        if (!CanOpen(location))
        {
            throw new RecsysException($"Warehouse location '{location}' is not a PostgreSQL location (expected postgres:CONNSTRING).");
        }

        return new PostgresWarehouse(PostgresLocation.Parse(location), _loggerFactory.CreateLogger<PostgresWarehouse>(), _time);
    }
}
