namespace RecsysBatch.Core.Events;

/// <summary>An input line that did not become a canonical event, kept with the reason (table rejected_events).</summary>
/// <param name="Source">The source as given: FORMAT:PATH.</param>
/// <param name="LineNumber">1-based line number in the file (0 for a row of a Parquet file without lines: the row index + 1).</param>
/// <param name="Raw">The line as read, control characters written as \xNN; over 1,000 characters it is cut and ends with "…[cut, N bytes]".</param>
/// <param name="Reason">A short machine-groupable reason, e.g. "unknown event type 'foo'".</param>
public sealed record RejectedEvent(string Source, long LineNumber, string Raw, string Reason);
