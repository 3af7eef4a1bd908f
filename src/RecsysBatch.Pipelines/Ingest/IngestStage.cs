using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Reads all sources into the run's one canonical event table: validates every line (bad ones become
/// rejected_events rows with a reason, nothing is dropped silently), drops exact duplicates, resolves the
/// snapshot (the UTC day after the newest event unless given) and keeps only events before it.
/// </summary>
internal sealed class IngestStage(ILogger<IngestStage> logger) : IPipelineStage
{
    public const string StageName = "ingest";

    public string Name => StageName;

    /// <summary>None: the runner publishes rejected_events from the run's rejected rows.</summary>
    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<IngestOptions>();
        if (context.Pipeline.Sources.Count == 0)
        {
            throw new RecsysException($"{context.Pipeline.FilePath}: the pipeline has no sources to ingest.");
        }

        var sources = context.Pipeline.Sources.Select(IngestSource.Resolve).ToList();
        var limits = new IngestLimits(
            Timestamps.ToUnixMs(options.ValidFrom), Timestamps.ToUnixMs(options.ValidTo),
            context.HasSnapshotDate ? context.CutoffMs : long.MaxValue);
        var progress = new ProgressCounter();
        var totalBytes = Math.Max(1, sources.Sum(s => s.Bytes));
        var writer = new EventTableWriter();
        var summary = new IngestSummary();
        var reader = new SourceIngest(writer, limits, Environment.ProcessorCount, progress);
        long? newest = null;
        foreach (var source in sources)
        {
            var clock = Stopwatch.StartNew();
            var work = reader.ReadAsync(source, cancellationToken);
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(250, CancellationToken.None));
                context.ReportProgress((double)progress.Bytes / totalBytes, source.Name);
            }

            var result = await work;
            SourceReport.ThrowIfTooManyRejected(source.File, options.MaxRejectedShare, result.Summary, result.Rejects);
            summary.Sources.Add(result.Summary);
            summary.AfterSnapshot += result.AfterSnapshot;
            context.Data.Rejected.AddRange(result.Rejects);
            context.Data.Rejected.AddRange(result.OtherRejects);
            newest = result.NewestMs is { } ms ? Math.Max(ms, newest ?? long.MinValue) : newest;
            IngestLog.SourceRead(
                logger, source.Name, result.Summary.InputRows, result.Summary.RejectedRows, result.AfterSnapshot, clock.Elapsed.TotalSeconds);
        }

        if (!context.HasSnapshotDate)
        {
            // Every source has a valid event (else it failed above), so newest is known here.
            context.ResolveSnapshotDate(Timestamps.DayOf(newest!.Value).AddDays(1));
        }

        var table = writer.Table;
        summary.Events = table.Count;
        summary.NewestEventMs = newest;
        if (table.Count == 0)
        {
            throw new RecsysException(
                $"No events before the snapshot {context.SnapshotDate:yyyy-MM-dd} in {string.Join(", ", sources.Select(s => s.Name))}: " +
                $"all {summary.AfterSnapshot:N0} valid events are at or after it.");
        }

        context.Data.Events = table;
        context.Data.Ingest = summary;
        context.ReportProgress(1);
        IngestLog.Ingested(logger, table.Count, table.Users.Count, table.Items.Count, table.Categories.Count, context.SnapshotDate);
    }
}
