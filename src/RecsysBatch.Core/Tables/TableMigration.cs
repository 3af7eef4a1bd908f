namespace RecsysBatch.Core.Tables;

/// <summary>
/// How a snapshot table an earlier version created becomes this version's layout, decided from the existing columns
/// alone so both warehouses migrate exactly the same tables. Each wanted column (<see cref="TableSchema.StoredColumns"/>)
/// takes the existing column of its name, or of its <see cref="ColumnSchema.FormerName"/> (a declared rename), with the
/// same type and nullability (or NOT NULL where this version allows null: relaxing the constraint keeps every value);
/// a wanted column without one must be nullable (null on old rows: the earlier version did
/// not compute it) or the warehouse's pipeline column (filled from job_runs through run_id). Every existing column
/// must be taken: a dropped, retyped or unknown column would lose or reinterpret data, so that stays a schema error.
/// </summary>
public sealed class TableMigration
{
    private TableMigration(TableSchema schema, IReadOnlyList<string?> sources)
    {
        Schema = schema;
        Sources = sources;
        var wanted = schema.StoredColumns;
        Added = [.. wanted.Where((_, i) => sources[i] is null).Select(c => c.Name)];
        Renamed = [.. wanted.Where((c, i) => sources[i] is { } source && source != c.Name).Select(c => $"{c.FormerName} -> {c.Name}")];
    }

    public TableSchema Schema { get; }

    /// <summary>Per wanted column, in <see cref="TableSchema.StoredColumns"/> order: the existing column it is copied from, or null.</summary>
    public IReadOnlyList<string?> Sources { get; }

    /// <summary>The wanted columns that have no source: the pipeline column (filled) and nullable ones (null).</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>The renames applied, as "former -> name".</summary>
    public IReadOnlyList<string> Renamed { get; }

    /// <summary>True when the pipeline column is added and must be filled from job_runs.</summary>
    public bool FillsPipeline => Schema.HasWarehousePipelineColumn && Sources[^1] is null;

    /// <summary>
    /// The migration of a snapshot table whose existing columns (each as <paramref name="describe"/> prints a column,
    /// name, type and nullability) differ from this version's only by declared renames and added columns; null when
    /// nothing is to be migrated (the same columns, or only another order) or when it cannot be migrated.
    /// </summary>
    public static TableMigration? Plan(TableSchema schema, IReadOnlyList<string> existing, Func<ColumnSchema, string> describe)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(describe);
        if (!schema.HasWarehousePipelineColumn)
        {
            // Only snapshot tables: job_runs has its own append-only path, and nothing else has a pipeline to fill.
            return null;
        }

        var wanted = schema.StoredColumns;
        var unused = new HashSet<string>(existing, StringComparer.Ordinal);
        var sources = new string?[wanted.Count];
        var relaxed = false;
        for (var i = 0; i < wanted.Count; i++)
        {
            var column = wanted[i];
            if (unused.Remove(describe(column)))
            {
                sources[i] = column.Name;
            }
            else if (column.FormerName is { } former && unused.Remove(describe(column with { Name = former })))
            {
                sources[i] = former;
            }
            else if (column.Nullable && unused.Remove(describe(column with { Nullable = false })))
            {
                // A column that may now be null (e.g. user_value_scores.p_alive): old rows keep their values.
                sources[i] = column.Name;
                relaxed = true;
            }
            else if (!column.Nullable && !ReferenceEquals(column, TableSchema.PipelineColumnSchema))
            {
                // A NOT NULL column has no honest value for old rows; only the pipeline can be filled.
                return null;
            }
        }

        var changed = relaxed || sources.Where((source, i) => source != wanted[i].Name).Any();
        return unused.Count > 0 || !changed ? null : new TableMigration(schema, sources);
    }
}
