using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Reads all sources into the run's one canonical event table: validates every line (bad ones become
/// rejected_events rows with a reason, nothing is dropped silently), drops exact duplicates (counted), resolves
/// the snapshot (the UTC day after the newest event, at most the day after the run's clock, unless given) and
/// keeps only events before it.
/// </summary>
internal sealed class IngestStage(ILogger<IngestStage> logger) : IPipelineStage
{
    public const string StageName = "ingest";

    private const long MsPerHour = 3_600_000;

    public string Name => StageName;

    /// <summary>event_counts (events kept per day and type); the runner publishes rejected_events from the run's rejected rows.</summary>
    public IReadOnlyList<TableSchema> OutputTables => [IngestTables.EventCounts];

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
        var clockMs = new DateTimeOffset(DateTime.SpecifyKind(context.ClockUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        // The default snapshot never passes the day after the clock, so events from then on can never be used.
        var latestSnapshot = Timestamps.DayOf(clockMs).AddDays(1);
        var limits = new IngestLimits(
            Timestamps.ToUnixMs(options.ValidFrom), Timestamps.ToUnixMs(options.ValidTo),
            context.HasSnapshotDate ? context.CutoffMs : Timestamps.ToUnixMs(latestSnapshot))
        {
            FutureMs = clockMs + (options.FutureToleranceHours * MsPerHour),
            MaxIdBytes = options.MaxIdBytes,
        };
        var progress = new ProgressCounter();
        var totalBytes = Math.Max(1, sources.Sum(s => s.Bytes));
        var writer = new EventTableWriter();
        // Recorded before any check can fail, so a failed run's job_runs row still says what was read.
        var summary = new IngestSummary();
        context.Data.Ingest = summary;
        var reader = new SourceIngest(writer, limits, Environment.ProcessorCount, progress) { DuplicatesAsRejected = options.DuplicatesAsRejected };
        for (var s = 0; s < sources.Count; s++)
        {
            var source = sources[s];
            var clock = Stopwatch.StartNew();
            var work = reader.ReadAsync(source, cancellationToken);
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(250, CancellationToken.None));
                context.ReportProgress((double)progress.Bytes / totalBytes, ReadDetail(source.Name, progress.Bytes, totalBytes));
            }

            var result = await work;
            summary.Sources.Add(result.Summary);
            summary.AfterSnapshot += result.AfterSnapshot;
            context.Data.Rejected.AddRange(result.Rejects);
            context.Data.Rejected.AddRange(result.OtherRejects);
            summary.NewestEventMs = result.NewestMs is { } ms ? Math.Max(ms, summary.NewestEventMs ?? long.MinValue) : summary.NewestEventMs;
            IngestLog.SourceRead(
                logger, source.Name, result.Summary.InputRows, result.Summary.RejectedRows, result.Summary.DuplicatesDropped,
                result.AfterSnapshot, clock.Elapsed.TotalSeconds);
            if (s == sources.Count - 1)
            {
                ResolveSnapshot(context, summary.NewestEventMs, latestSnapshot);
            }

            SourceReport.ThrowIfUnusable(source, result, options.MaxRejectedShare);
        }

        var table = writer.Table;
        if (reader.Titles.Count > 0)
        {
            table.SetItemTitles([.. table.Items.Ids.Select(id => reader.Titles.GetValueOrDefault(id))]);
        }

        summary.Events = table.Count;
        if (table.Count == 0)
        {
            throw new RecsysException(
                $"No events before the snapshot {context.SnapshotDate:yyyy-MM-dd} in {string.Join(", ", sources.Select(s => s.Name))}: " +
                $"all {summary.AfterSnapshot:N0} valid events are at or after it.");
        }

        context.Data.AddOutput(EventCounts.From(table));
        context.Data.Events = table;
        context.ReportProgress(1);
        IngestLog.Ingested(logger, table.Count, table.Users.Count, table.Items.Count, table.Categories.Count, context.SnapshotDate);
    }

    /// <summary>The progress detail while sources are read: which one, and how much of all of them so far.</summary>
    private static string ReadDetail(string source, long bytes, long totalBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{source}: {bytes / 1e6:F1} of {totalBytes / 1e6:F1} MB read");

    /// <summary>Once every source is read: the day after the newest event, clamped to the day after the run's clock.</summary>
    private void ResolveSnapshot(StageContext context, long? newestMs, DateOnly latestSnapshot)
    {
        if (context.HasSnapshotDate || newestMs is not { } newest)
        {
            return;
        }

        var snapshot = Timestamps.DayOf(newest).AddDays(1);
        if (snapshot > latestSnapshot)
        {
            IngestLog.SnapshotClamped(logger, Timestamps.ToUtcDateTime(newest), latestSnapshot);
            snapshot = latestSnapshot;
        }

        context.ResolveSnapshotDate(snapshot);
    }
}
