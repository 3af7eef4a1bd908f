using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Maps <see cref="TableSchema"/> to PostgreSQL DDL in the warehouse's schema and checks an existing table against it.
/// A mismatch is an error, never a silent change: analysts' queries depend on the columns; the one exception is the
/// explicit, logged migration of a table an earlier version created (<see cref="PostgresMigrations"/>). Callers hold the
/// warehouse lock (<see cref="PostgresWarehouse"/>) and a transaction, so concurrent creators never race.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The type names as PostgreSQL's format_type() prints them, so existing tables compare exactly.</summary>
    public static string SqlType(ColumnType type) => type switch
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

    /// <summary>The table in this version's layout, under <paramref name="name"/> (a migration's temporary name) or its own.</summary>
    public static string CreateTableSql(string schemaName, TableSchema table, string? name = null)
    {
        var sql = new StringBuilder("CREATE TABLE ").Append(PostgresSql.Table(schemaName, name ?? table.Name)).Append(" (");
        var columns = table.StoredColumns;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            sql.Append(i == 0 ? "" : ", ").Append(PostgresSql.Quote(column.Name)).Append(' ').Append(SqlType(column.Type));
            if (!column.Nullable)
            {
                sql.Append(" NOT NULL");
            }
        }

        return sql.Append(')').ToString();
    }

    /// <summary>Creates the schema and each missing table; throws when an existing table has other columns.</summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, string schemaName, IEnumerable<TableSchema> tables, ILogger logger, CancellationToken cancellationToken)
    {
        await PostgresSql.ExecuteAsync(connection, "CREATE SCHEMA IF NOT EXISTS " + PostgresSql.Quote(schemaName), cancellationToken);
        foreach (var table in TableSchema.DistinctByName(tables, (again, first) => Compare(again, [.. first.StoredColumns.Select(Describe)])))
        {
            var existing = await ReadColumnsAsync(connection, schemaName, table.Name, cancellationToken);
            if (existing.Count > 0)
            {
                if (await PostgresMigrations.TryMigrateAsync(connection, schemaName, table, existing, logger, cancellationToken))
                {
                    existing = await ReadColumnsAsync(connection, schemaName, table.Name, cancellationToken);
                }

                Compare(table, existing);
                continue;
            }

            await PostgresSql.ExecuteAsync(connection, CreateTableSql(schemaName, table), cancellationToken);
            if (table.HasWarehousePipelineColumn)
            {
                await CreateSnapshotIndexAsync(connection, schemaName, table.Name, cancellationToken);
            }
            else if (table.IndexOf(TableSchema.SnapshotDateColumn) >= 0)
            {
                // job_runs: read per (pipeline, snapshot) by every publish.
                await PostgresSql.ExecuteAsync(
                    connection, $"CREATE INDEX ON {PostgresSql.Table(schemaName, table.Name)} ({PostgresSql.Quote(TableSchema.SnapshotDateColumn)})", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Every publish deletes one pipeline's snapshot before it copies: without an index that is a scan of every
    /// snapshot ever kept. The index name is left to PostgreSQL, which keeps it unique.
    /// </summary>
    public static Task CreateSnapshotIndexAsync(NpgsqlConnection connection, string schemaName, string table, CancellationToken cancellationToken) =>
        PostgresSql.ExecuteAsync(
            connection,
            $"CREATE INDEX ON {PostgresSql.Table(schemaName, table)} ({PostgresSql.Quote(TableSchema.SnapshotDateColumn)}, {PostgresSql.Quote(TableSchema.PipelineColumn)})",
            cancellationToken);

    private static async Task<List<string>> ReadColumnsAsync(NpgsqlConnection connection, string schemaName, string table, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull " +
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid " +
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = @schema AND c.relname = @table AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped " +
            "ORDER BY a.attnum";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schema", schemaName);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(Describe(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }

    public static string Describe(ColumnSchema column) => Describe(column.Name, SqlType(column.Type), column.Nullable);

    private static string Describe(string name, string type, bool nullable) =>
        $"{name} {type.ToUpperInvariant()}{(nullable ? "" : " NOT NULL")}";

    private static void Compare(TableSchema expected, List<string> existing)
    {
        var wanted = expected.StoredColumns.Select(Describe).ToList();
        if (wanted.SequenceEqual(existing, StringComparer.Ordinal))
        {
            return;
        }

        var missing = wanted.Except(existing, StringComparer.Ordinal).ToList();
        var extra = existing.Except(wanted, StringComparer.Ordinal).ToList();
        var difference = missing.Count == 0 && extra.Count == 0
            ? "same columns in another order"
            : $"expected but missing: [{string.Join(", ", missing)}]; present but not expected: [{string.Join(", ", extra)}]";
        throw new RecsysException(
            $"Warehouse table {expected.Name} exists with other columns than this version writes ({difference}); " +
            "migrate or drop the table, the warehouse does not change it silently.");
    }
}
