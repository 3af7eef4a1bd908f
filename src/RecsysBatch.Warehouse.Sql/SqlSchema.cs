using System.Data.Common;
using System.Text;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>
/// Maps <see cref="TableSchema"/> to DDL and checks an existing table against it. A mismatch is an error, never a
/// silent change: analysts' queries depend on the columns. The one exception is the explicit, logged migration of a
/// table an earlier version created (<see cref="SqlMigrations"/>). Callers hold the warehouse's writer lock and a
/// transaction, so concurrent creators never race.
/// </summary>
internal static class SqlSchema
{
    /// <summary>The table in this version's layout, under <paramref name="name"/> (a migration's temporary name) or its own.</summary>
    public static string CreateTableSql(ISqlDialect dialect, TableSchema schema, string? name = null)
    {
        var sql = new StringBuilder("CREATE TABLE ").Append(dialect.Table(name ?? schema.Name)).Append(" (");
        var columns = schema.StoredColumns;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            sql.Append(i == 0 ? "" : ", ").Append(dialect.Quote(column.Name)).Append(' ').Append(dialect.SqlType(column.Type));
            if (!column.Nullable)
            {
                sql.Append(" NOT NULL");
            }
        }

        return sql.Append(')').ToString();
    }

    /// <summary>Creates the container and each missing table; throws when an existing table has other columns.</summary>
    public static async Task EnsureAsync(
        DbConnection connection, ISqlDialect dialect, IEnumerable<TableSchema> tables, ILogger logger, CancellationToken cancellationToken)
    {
        await dialect.CreateContainerAsync(connection, cancellationToken);
        foreach (var table in TableSchema.DistinctByName(tables, (again, first) => Compare(dialect, again, [.. first.StoredColumns.Select(c => Describe(dialect, c))])))
        {
            var existing = await ReadColumnsAsync(connection, dialect, table.Name, cancellationToken);
            if (existing.Count == 0)
            {
                await SqlCommands.ExecuteAsync(connection, dialect, CreateTableSql(dialect, table), cancellationToken);
                await dialect.CreateIndexesAsync(connection, table, cancellationToken);
                continue;
            }

            if (await SqlMigrations.TryMigrateAsync(connection, dialect, table, existing, logger, cancellationToken))
            {
                existing = await ReadColumnsAsync(connection, dialect, table.Name, cancellationToken);
            }

            Compare(dialect, table, existing);
        }
    }

    /// <summary>A column as the schema check compares it: <c>name TYPE[ NOT NULL]</c>, the type in upper case.</summary>
    public static string Describe(ISqlDialect dialect, ColumnSchema column) => Describe(column.Name, dialect.SqlType(column.Type), column.Nullable);

    private static async Task<List<string>> ReadColumnsAsync(DbConnection connection, ISqlDialect dialect, string table, CancellationToken cancellationToken) =>
        [.. (await dialect.ReadColumnsAsync(connection, table, cancellationToken)).Select(c => Describe(c.Name, c.Type, c.Nullable))];

    private static string Describe(string name, string type, bool nullable) =>
        $"{name} {type.ToUpperInvariant()}{(nullable ? "" : " NOT NULL")}";

    private static void Compare(ISqlDialect dialect, TableSchema expected, List<string> existing)
    {
        var wanted = expected.StoredColumns.Select(c => Describe(dialect, c)).ToList();
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
