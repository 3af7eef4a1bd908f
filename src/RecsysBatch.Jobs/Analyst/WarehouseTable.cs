namespace RecsysBatch.Jobs.Analyst;

/// <summary>A table of the warehouse as its information_schema describes it: column names and database type names, in order.</summary>
public sealed record WarehouseTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> DataTypes)
{
    public bool Has(string column) => Columns.Contains(column, StringComparer.OrdinalIgnoreCase);
}
