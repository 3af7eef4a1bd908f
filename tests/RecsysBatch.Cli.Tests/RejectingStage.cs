using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Cli.Tests;

/// <summary>
/// A test stage that fails the way ingest fails on too many rejects: counts, quarantined lines and the snapshot are
/// left in the working store, then a <see cref="RecsysException"/> whose message quotes a raw line with control bytes.
/// </summary>
internal sealed class RejectingStage : IPipelineStage
{
    public static readonly DateOnly Snapshot = new(2026, 10, 9);

    public string Name => "rejecting";

    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var summary = new IngestSummary();
        summary.Sources.Add(new SourceSummary { Source = "canonical:x.csv", InputRows = 10, RejectedRows = 3, DuplicatesDropped = 2 });
        context.Data.Ingest = summary;
        context.Data.Rejected.Add(new RejectedEvent("canonical:x.csv", 4, "u1,i1,\"c,1\",view,not-a-time,", "bad timestamp"));
        context.Data.Rejected.Add(new RejectedEvent("canonical:x.csv", 7, "u2,i2,c1,view,\u001b[31mred\0,", "bad timestamp"));
        context.ResolveSnapshotDate(Snapshot);
        throw new RecsysException("x.csv: 3 of 10 lines rejected; line 7: \"u2,i2,c1,view,\u001b[31mred\0,\"\r\nsecond line");
    }
}
