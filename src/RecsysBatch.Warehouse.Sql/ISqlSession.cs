using System.Data.Common;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>How <see cref="SqlWarehouse"/> reaches one database: a write transaction under the warehouse's writer lock, and read-only queries.</summary>
public interface ISqlSession
{
    /// <summary>The location as users name it (no password).</summary>
    string Description { get; }

    /// <summary>Runs <paramref name="work"/> in one transaction on a fresh connection, one writer at a time; any exception rolls it all back.</summary>
    Task InTransactionAsync(Func<DbConnection, CancellationToken, Task> work, CancellationToken cancellationToken);

    /// <summary>An analyst's read-only query; a SQL error is a one-line user error.</summary>
    Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken);
}
