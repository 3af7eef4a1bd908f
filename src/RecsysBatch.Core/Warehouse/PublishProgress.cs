namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// How far a publish got: <paramref name="RowsWritten"/> of the publication's <paramref name="TotalRows"/> rows are
/// in the (uncommitted) transaction, the current table being <paramref name="Table"/>. A warehouse reports it when a
/// table starts and every few thousand rows inside one, so a long publish shows in the log and on the dashboard.
/// </summary>
public readonly record struct PublishProgress(string Table, long RowsWritten, long TotalRows);
