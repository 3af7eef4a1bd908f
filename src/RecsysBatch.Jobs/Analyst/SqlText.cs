using System.Globalization;

namespace RecsysBatch.Jobs.Analyst;

/// <summary>
/// SQL literals and identifiers for the analyst commands, which go through <see cref="Core.Warehouse.IWarehouse.QueryAsync"/>
/// (no parameters there): every value put into a statement is quoted here, the same way for DuckDB and PostgreSQL.
/// </summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Date(DateOnly date) => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
}
