using System.Data.Common;
using Npgsql;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// The server warehouse's connections: every call opens (from Npgsql's pool) and closes its own. A write is one READ
/// COMMITTED transaction: each statement of a concurrent reader sees the state before the commit or after it, never a
/// mix. Writers of one schema take a transaction-scoped advisory lock first, so two publishes of the same snapshot
/// run one after the other (never interleaving their deletes and copies into duplicates) and concurrent CREATE TABLEs
/// never race. A killed process leaves an open transaction that the server rolls back.
/// </summary>
internal sealed class PostgresSession(PostgresLocation location) : ISqlSession
{
    private readonly PostgresConnector _connector = new(location);

    public string Description => location.Description;

    /// <summary>Takes the schema's writer lock (released at commit or rollback, also when the process dies) before <paramref name="work"/>.</summary>
    public async Task InTransactionAsync(Func<DbConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _connector.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresSql.ExecuteAsync(
            connection, "SELECT pg_advisory_xact_lock(hashtext(@key))", cancellationToken, ("key", "recsys-warehouse:" + location.Schema));
        await work(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await _connector.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await PostgresSql.ExecuteAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken);
            await PostgresSql.ExecuteAsync(
                connection, "SELECT set_config('search_path', quote_ident(@schema) || ', public', true)", cancellationToken, ("schema", location.Schema));
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return QueryResult.Read(reader);
        }
        catch (PostgresException ex)
        {
            throw new RecsysException($"Query on {Description} failed: {ex.MessageText}", ex);
        }
        finally
        {
            // Read-only: never committed.
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }
}
