namespace RecsysBatch.Core.Tables;

/// <summary>
/// One column of a warehouse table: name, type, nullability and the meaning shown in docs/tables.md.
/// <paramref name="FormerName"/> is the name an earlier version published it under, so a warehouse it wrote is
/// migrated by renaming the column instead of failing with a schema error (<see cref="TableMigration"/>).
/// </summary>
public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable = false, string Description = "", string? FormerName = null);
