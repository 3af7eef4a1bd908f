namespace RecsysBatch.Core.Tables;

/// <summary>A warehouse table: its name and columns in order.</summary>
public sealed class TableSchema
{
    public TableSchema(string name, IReadOnlyList<ColumnSchema> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        Name = name;
        Columns = columns;
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Table {name} declares column {duplicate.Key} twice.", nameof(columns));
        }
    }

    public const string SnapshotDateColumn = "snapshot_date";
    public const string RunIdColumn = "run_id";

    /// <summary>The pipeline that owns a snapshot's rows: publish and retention key on (snapshot_date, pipeline).</summary>
    public const string PipelineColumn = "pipeline";

    /// <summary>
    /// The warehouse's pipeline column of every snapshot table. It comes last, so a table created by a version
    /// without it and migrated with ALTER TABLE ADD COLUMN has exactly the layout of a table created now.
    /// </summary>
    public static ColumnSchema PipelineColumnSchema { get; } = new(PipelineColumn, ColumnType.String,
        Description: "Pipeline that published the row (`name` of the pipeline file): a snapshot is owned per pipeline, so filter on it with snapshot_date.");

    public string Name { get; }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>True when the table has the snapshot_date and run_id columns that publish keys on.</summary>
    public bool IsSnapshotTable => IndexOf(SnapshotDateColumn) >= 0 && IndexOf(RunIdColumn) >= 0;

    /// <summary>The columns a stage fills: all but snapshot_date and run_id, which the warehouse adds at publish.</summary>
    public IReadOnlyList<ColumnSchema> DataColumns =>
        [.. Columns.Where(c => c.Name is not (SnapshotDateColumn or RunIdColumn))];

    /// <summary>True when the warehouse adds the pipeline column: a snapshot table that does not declare one itself.</summary>
    public bool HasWarehousePipelineColumn => IsSnapshotTable && IndexOf(PipelineColumn) < 0;

    /// <summary>The columns as stored in the warehouse: <see cref="Columns"/>, then the pipeline column of a snapshot table.</summary>
    public IReadOnlyList<ColumnSchema> StoredColumns => HasWarehousePipelineColumn ? [.. Columns, PipelineColumnSchema] : Columns;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The tables in order of first appearance, each name once; <paramref name="checkSame"/> (table, first) is called
    /// when a name comes again with a different definition object, so the backend can compare the two.
    /// </summary>
    public static List<TableSchema> DistinctByName(IEnumerable<TableSchema> tables, Action<TableSchema, TableSchema> checkSame)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(checkSame);
        var byName = new Dictionary<string, TableSchema>(StringComparer.Ordinal);
        var ordered = new List<TableSchema>();
        foreach (var table in tables)
        {
            if (byName.TryGetValue(table.Name, out var seen))
            {
                if (!ReferenceEquals(seen, table))
                {
                    checkSame(table, seen);
                }

                continue;
            }

            byName.Add(table.Name, table);
            ordered.Add(table);
        }

        return ordered;
    }
}
