namespace RecsysBatch.Jobs.Analyst;

/// <summary>One file written by <see cref="WarehouseExporter"/>: the table, its rows in the export and the file.</summary>
public sealed record ExportedTable(string Table, long Rows, string File);
