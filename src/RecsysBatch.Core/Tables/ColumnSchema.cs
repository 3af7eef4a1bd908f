namespace RecsysBatch.Core.Tables;

/// <summary>One column of a warehouse table: name, type, nullability and the meaning shown in docs/tables.md.</summary>
public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable = false, string Description = "");
