using System.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// Maps <see cref="TableSchema"/> to DuckDB DDL and checks an existing table against it. A mismatch is an error,
/// never a silent change: analysts' queries depend on the columns. The one exception is the explicit, logged migration
/// of a table an earlier version created (<see cref="DuckDbMigrations"/>).
/// </summary>
internal static class DuckDbSchema
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string SqlType(ColumnType type) => type switch
    {
        ColumnType.String => "VARCHAR",
        ColumnType.Int32 => "INTEGER",
        ColumnType.Int64 => "BIGINT",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        ColumnType.FloatArray => "FLOAT[]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary>The table in this version's layout, under <paramref name="name"/> (a migration's temporary name) or its own.</summary>
    public static string CreateTableSql(TableSchema schema, string? name = null)
    {
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(Quote(name ?? schema.Name)).Append(" (");
        var columns = schema.StoredColumns;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            sql.Append(i == 0 ? "" : ", ").Append(Quote(column.Name)).Append(' ').Append(SqlType(column.Type));
            if (!column.Nullable)
            {
                sql.Append(" NOT NULL");
            }
        }

        return sql.Append(')').ToString();
    }

    /// <summary>Creates each table if missing and throws when an existing one has other columns.</summary>
    public static void Ensure(DuckDBConnection connection, IEnumerable<TableSchema> tables, ILogger logger)
    {
        foreach (var schema in TableSchema.DistinctByName(tables, (again, first) => Compare(again, [.. first.StoredColumns.Select(Describe)])))
        {
            var existing = ReadColumns(connection, schema.Name);
            if (existing.Count == 0)
            {
                DuckDbSql.Execute(connection, CreateTableSql(schema));
                continue;
            }

            if (DuckDbMigrations.TryMigrate(connection, schema, existing, logger))
            {
                existing = ReadColumns(connection, schema.Name);
            }

            Compare(schema, existing);
        }
    }

    public static string Describe(ColumnSchema column) => Describe(column.Name, SqlType(column.Type), column.Nullable);

    private static List<string> ReadColumns(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns " +
            "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $name ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("name", table));
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            var nullable = reader.GetString(2) == "YES";
            columns.Add(Describe(reader.GetString(0), reader.GetString(1), nullable));
        }

        return columns;
    }

    private static string Describe(string name, string type, bool nullable) => $"{name} {type}{(nullable ? "" : " NOT NULL")}";

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
