namespace RecsysBatch.Core.Tables;

/// <summary>
/// Rows a stage produced for one warehouse table, as typed columns in the order of
/// <see cref="TableSchema.DataColumns"/>: snapshot_date and run_id are added by the warehouse at publish. Held in memory until publish commits.
/// </summary>
public sealed class OutputTable
{
    private readonly OutputColumn[] _columns;

    public OutputTable(TableSchema schema, IReadOnlyList<OutputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        var dataColumns = schema.DataColumns;
        if (columns.Count != dataColumns.Count)
        {
            throw new ArgumentException(
                $"Table {schema.Name} has {dataColumns.Count} data columns; {columns.Count} were given.",
                nameof(columns));
        }

        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != rows)
            {
                throw new ArgumentException(
                    $"Column {dataColumns[i].Name} of {schema.Name} has {columns[i].Length} rows, expected {rows}.",
                    nameof(columns));
            }
        }

        Schema = schema;
        _columns = [.. columns];
        RowCount = rows;
    }

    /// <summary>The rows of several tables of one schema, in order (the shards of a split stage).</summary>
    public static OutputTable Concat(IReadOnlyList<OutputTable> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        }

        var schema = parts[0].Schema;
        if (parts.Any(p => p.Schema.Name != schema.Name || p.Columns.Count != parts[0].Columns.Count))
        {
            throw new ArgumentException($"Tables of different schemas cannot be concatenated ({string.Join(", ", parts.Select(p => p.Name).Distinct())}).", nameof(parts));
        }

        var columns = new OutputColumn[schema.DataColumns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = parts[0].Columns[c].Append([.. parts.Skip(1).Select(p => p.Columns[c])]);
        }

        return new OutputTable(schema, columns);
    }

    public TableSchema Schema { get; }

    public string Name => Schema.Name;

    public int RowCount { get; }

    /// <summary>Values of <see cref="TableSchema.DataColumns"/>, in that order.</summary>
    public IReadOnlyList<OutputColumn> Columns => _columns;

    /// <summary>The values of the data column <paramref name="name"/>, typed; throws naming the table and column when it has no such column of that type.</summary>
    public OutputColumn<T> Column<T>(string name)
    {
        var dataColumns = Schema.DataColumns;
        for (var c = 0; c < dataColumns.Count; c++)
        {
            if (dataColumns[c].Name == name)
            {
                return _columns[c] as OutputColumn<T>
                    ?? throw new InvalidOperationException($"Column {name} of table {Name} holds {_columns[c].GetType().Name}, not {typeof(T).Name} values.");
            }
        }

        throw new InvalidOperationException($"Table {Name} has no data column {name}.");
    }

    /// <summary>
    /// Throws naming the column and row of the first null (or NaN) in a NOT NULL column: a warehouse bulk writer
    /// would fail later naming no row, so this runs before anything is written.
    /// </summary>
    public void EnsureRequiredValues()
    {
        var dataColumns = Schema.DataColumns;
        for (var c = 0; c < dataColumns.Count; c++)
        {
            if (dataColumns[c].Nullable)
            {
                continue;
            }

            var values = _columns[c];
            for (var row = 0; row < RowCount; row++)
            {
                if (values.IsNull(row))
                {
                    throw new RecsysException(
                        $"Column {dataColumns[c].Name} of table {Name} is NOT NULL but row {row} is null (or NaN).");
                }
            }
        }
    }
}
