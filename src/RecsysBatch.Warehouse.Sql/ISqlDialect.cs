using System.Data.Common;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>
/// What differs between the SQL databases the warehouse writes to: identifiers, parameter syntax, column types, the
/// catalog, the indexes and grants a table needs, and the bulk writer. Everything else is <see cref="SqlWarehouse"/>'s.
/// </summary>
public interface ISqlDialect
{
    /// <summary>A quoted identifier (a column, or a table name without its schema).</summary>
    string Quote(string identifier);

    /// <summary>The quoted name of a warehouse table, schema-qualified where the database has schemas.</summary>
    string Table(string name);

    /// <summary>A named parameter as it is written in SQL (<c>$name</c>, <c>@name</c>).</summary>
    string Parameter(string name);

    /// <summary>The column type as the catalog prints it (<see cref="ReadColumnsAsync"/>), so existing tables compare exactly.</summary>
    string SqlType(ColumnType type);

    /// <summary>A parameter value as the driver takes it (null is <see cref="DBNull"/>).</summary>
    object ParameterValue(object? value);

    /// <summary>Creates the container of the tables (a schema) when the database has one; called before every schema check.</summary>
    Task CreateContainerAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The columns of an existing table in order (none: no such table), types as <see cref="SqlType"/> prints them.</summary>
    Task<List<(string Name, string Type, bool Nullable)>> ReadColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>The indexes a table of this layout gets once it holds its rows under its own name (new or rebuilt).</summary>
    Task CreateIndexesAsync(DbConnection connection, TableSchema table, CancellationToken cancellationToken);

    /// <summary>A migration is about to replace <paramref name="table"/> by <paramref name="replacement"/>: carry over what the database keeps per table (grants, owner).</summary>
    Task BeforeReplaceAsync(DbConnection connection, string table, string replacement, CancellationToken cancellationToken);

    /// <summary>
    /// Bulk-writes <paramref name="table"/>'s rows with the run's snapshot_date, run_id and pipeline, in the caller's
    /// transaction; <paramref name="rowsWritten"/> (when given) is told the rows of the table written so far, every
    /// few thousand rows.
    /// </summary>
    Task AppendAsync(DbConnection connection, OutputTable table, JobRun run, Action<int>? rowsWritten, CancellationToken cancellationToken);
}
