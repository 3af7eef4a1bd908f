using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>The table of the ingest stage: how many events of each type it kept per UTC day (the run report's data summary).</summary>
public static class IngestTables
{
    public static readonly TableSchema EventCounts = new("event_counts",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): the counts are of the events ingest kept, ts < snapshot_date."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that counted them."),
        new("day", ColumnType.Date, Description: "UTC calendar day of the events."),
        new("event_type", ColumnType.String, Description: "Canonical event type: view, click, fav, cart, purchase or rating."),
        new("events", ColumnType.Int64, Description: "Events of that type on that day that ingest kept (valid, deduplicated, before the snapshot); days and types without events have no row."),
    ]);
}
