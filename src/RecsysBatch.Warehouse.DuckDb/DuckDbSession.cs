using System.Collections.Concurrent;
using System.Data.Common;
using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// The embedded warehouse's connections: one DuckDB file. Every call opens and closes its own connection, so the file
/// is free for other processes between a run's short writes; a write is one transaction (DuckDB's MVCC gives
/// concurrent readers the old snapshot or the new one, never a mix).
/// </summary>
internal sealed class DuckDbSession(DuckDbConnector connector) : ISqlSession
{
    /// <summary>
    /// One writer at a time per file within this process: DuckDB lets two connections of one process write the same
    /// file, but concurrent catalog or row changes then abort with write-write conflicts (a Hangfire server runs
    /// several jobs at once). Other processes are kept out by DuckDB's own file lock (see <see cref="DuckDbConnector"/>).
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    public string Description => "duckdb:" + connector.Path;

    public async Task InTransactionAsync(Func<DbConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var writer = WriterOf(connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await connector.OpenAsync(cancellationToken);
            using var transaction = connection.BeginTransaction();
            // Disposing the transaction without Commit rolls it back, also when work throws.
            await work(connection, cancellationToken);
            transaction.Commit();
        }
        finally
        {
            writer.Release();
        }
    }

    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        if (!File.Exists(connector.Path))
        {
            throw new RecsysException($"Warehouse file {connector.Path} does not exist (no run has published there yet).");
        }

        // In this process the file is opened by one connection at a time: DuckDB refuses a read-only open beside a
        // read-write one of the same file.
        var writer = WriterOf(connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await connector.ReadOnly().OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                using var reader = command.ExecuteReader();
                return QueryResult.Read(reader);
            }
            catch (DuckDBException ex)
            {
                throw new RecsysException($"Query on {Description} failed: {ex.Message.Split('\n')[0]}", ex);
            }
        }
        finally
        {
            writer.Release();
        }
    }

    private static SemaphoreSlim WriterOf(string path) => Writers.GetOrAdd(System.IO.Path.GetFullPath(path), _ => new SemaphoreSlim(1, 1));
}
