using System.Data.Common;
using Npgsql;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// PostgreSQL's SQL: the tables of one schema, <c>@name</c> parameters, types as format_type() prints them, an index
/// per snapshot table, grants carried over by migrations, binary COPY for bulk rows.
/// </summary>
internal sealed class PostgresDialect(string schemaName) : ISqlDialect
{
    public string Quote(string identifier) => PostgresSql.Quote(identifier);

    public string Table(string name) => PostgresSql.Table(schemaName, name);

    public string Parameter(string name) => "@" + name;

    /// <summary>The type names as PostgreSQL's format_type() prints them, so existing tables compare exactly.</summary>
    public string SqlType(ColumnType type) => type switch
    {
        ColumnType.String => "text",
        ColumnType.Int32 => "integer",
        ColumnType.Int64 => "bigint",
        ColumnType.Double => "double precision",
        ColumnType.Boolean => "boolean",
        ColumnType.Date => "date",
        ColumnType.Timestamp => "timestamp with time zone",
        ColumnType.FloatArray => "real[]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary>Text without U+0000 (<see cref="PostgresSql.Text"/>); timestamps as UTC instants (timestamptz).</summary>
    public object ParameterValue(object? value) => value switch
    {
        null => DBNull.Value,
        string text => PostgresSql.Text(text),
        DateTime time => OutputTableCopier.ToUtc(time),
        _ => value,
    };

    public Task CreateContainerAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresSql.ExecuteAsync((NpgsqlConnection)connection, "CREATE SCHEMA IF NOT EXISTS " + Quote(schemaName), cancellationToken);

    public async Task<List<(string Name, string Type, bool Nullable)>> ReadColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull " +
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid " +
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = @schema AND c.relname = @table AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped " +
            "ORDER BY a.attnum";
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("schema", schemaName);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<(string, string, bool)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }

    /// <summary>
    /// Every publish deletes one pipeline's snapshot before it copies: without an index that is a scan of every
    /// snapshot ever kept; job_runs is read per (pipeline, snapshot) by every publish. The index name is left to
    /// PostgreSQL, which keeps it unique.
    /// </summary>
    public Task CreateIndexesAsync(DbConnection connection, TableSchema table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        string[] columns = table.HasWarehousePipelineColumn ? [TableSchema.SnapshotDateColumn, TableSchema.PipelineColumn]
            : table.IndexOf(TableSchema.SnapshotDateColumn) >= 0 ? [TableSchema.SnapshotDateColumn]
            : [];
        return columns.Length == 0
            ? Task.CompletedTask
            : PostgresSql.ExecuteAsync((NpgsqlConnection)connection, $"CREATE INDEX ON {Table(table.Name)} ({string.Join(", ", columns.Select(Quote))})", cancellationToken);
    }

    public Task AppendAsync(DbConnection connection, OutputTable table, JobRun run, Action<int>? rowsWritten, CancellationToken cancellationToken) =>
        OutputTableCopier.CopyAsync((NpgsqlConnection)connection, schemaName, table, run, rowsWritten, cancellationToken);

    public Task BeforeReplaceAsync(DbConnection connection, string table, string replacement, CancellationToken cancellationToken) =>
        PostgresGrants.CopyAsync((NpgsqlConnection)connection, schemaName, table, replacement, cancellationToken);
}
