using System.Data.Common;
using DuckDB.NET.Data;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Sql;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>DuckDB's SQL: tables in the file's main schema, <c>$name</c> parameters, the appender for bulk rows.</summary>
internal sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string Table(string name) => Quote(name);

    public string Parameter(string name) => "$" + name;

    public string SqlType(ColumnType type) => type switch
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

    /// <summary>TIMESTAMP holds no zone: a UTC instant is written as its UTC wall time.</summary>
    public object ParameterValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime time => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        _ => value,
    };

    public Task CreateContainerAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<List<(string Name, string Type, bool Nullable)>> ReadColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns " +
            "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $name ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("name", table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<(string, string, bool)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2) == "YES"));
        }

        return columns;
    }

    /// <summary>None: the embedded warehouse has never created indexes.</summary>
    public Task CreateIndexesAsync(DbConnection connection, TableSchema table, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing: a DuckDB file has no grants.</summary>
    public Task BeforeReplaceAsync(DbConnection connection, string table, string replacement, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AppendAsync(DbConnection connection, OutputTable table, JobRun run, Action<int>? rowsWritten, CancellationToken cancellationToken)
    {
        OutputTableAppender.Append((DuckDBConnection)connection, table, run, rowsWritten, cancellationToken);
        return Task.CompletedTask;
    }
}
