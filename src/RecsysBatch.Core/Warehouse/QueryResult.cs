namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// The rows of a read-only warehouse query (<see cref="IWarehouse.QueryAsync"/>): column names and CLR types in
/// select order, one array per row with database nulls as <c>null</c>.
/// </summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<Type> ColumnTypes, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads every row of <paramref name="reader"/> (the first result set).</summary>
    public static QueryResult Read(System.Data.Common.DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToArray();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new QueryResult(columns, types, rows);
    }

    /// <summary>The index of <paramref name="column"/> (case-insensitive); an unknown name is an error naming it.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"The query result has no column '{column}' (columns: {string.Join(", ", Columns)}).", nameof(column));
    }
}
