using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Stage "value": per customer, the predicted value of the horizon [S, S + H) (revenue, or purchase days without
/// amounts), P(alive), expected purchases and CLV from BG/NBD x Gamma-Gamma, a learned FastTree Tweedie model on top,
/// the one that wins the hold-out (see <see cref="ValueRun"/> for the windows), and A/B/C tiers.
/// </summary>
internal sealed partial class ValueStage : IPipelineStage
{
    public const string StageName = "value";
    public const string ModelFile = "value.fasttree.zip";

    private readonly ILogger<ValueStage> _logger;

    public ValueStage(ILogger<ValueStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables => ValueTables.All;

    /// <summary>The chosen model against the last-horizon baseline (normalized Gini), hold-out customers, BG/NBD at a bound.</summary>
    public IReadOnlyList<QualityRule> QualityRules { get; } =
    [
        new BeatsBaselines(ValueRun.ChosenName, "holdout_gini_normalized", [ValueRun.BaselineName]),
        new EnoughSupport(ValuePredictions.BgNbdName, "holdout_customers"),
        new NotAtBound(ValuePredictions.BgNbdName, "at_bound", "a BG/NBD parameter is at the optimiser bound outside the homogeneous-dropout limit (p_alive and clv are null, flag bgnbd_at_bound)"),
    ];

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Data.UsableEvents(requireItems: false, out var unusable) is not { } events)
        {
            return unusable;
        }

        var options = context.GetOptions<ValueOptions>();
        var log = PurchaseLog.Build(events, context.CutoffMs);
        if (log.PurchaseEvents == 0)
        {
            return log.Refunds > 0
                ? $"no purchases before the snapshot date: all {log.Refunds} purchase events have a negative amount (refunds)"
                : "no purchase events before the snapshot date: user value needs purchases";
        }

        var horizon = context.HorizonDaysOr(options.HorizonDays);
        var anchorDay = SnapshotDay(context) - (2 * horizon);
        var customers = RfmSummary.At(log, anchorDay, options.TimeUnitDays).Count;
        if (customers >= options.MinCustomers)
        {
            return null;
        }

        // The real cause: the purchases start after the anchor (a shorter horizon helps), or the source has too few
        // customers at all (no horizon helps: only minCustomers does).
        var total = RfmSummary.At(log, SnapshotDay(context), options.TimeUnitDays).Count;
        var anchor = string.Create(CultureInfo.InvariantCulture,
            $"{customers} customers purchased before the training anchor {context.SnapshotDate.AddDays(-2 * horizon):yyyy-MM-dd} (snapshot - 2 x {horizon} days), {total} before the snapshot; the value models need at least {options.MinCustomers} (option minCustomers)");
        if (total < options.MinCustomers)
        {
            return anchor + ": the source has too few customers at any horizon (lower minCustomers, or use a source with more customers)";
        }

        // The longest shorter horizon whose later anchor sees enough customers.
        var fits = 0;
        for (var h = horizon - 1; h >= 1 && fits == 0; h--)
        {
            fits = RfmSummary.At(log, SnapshotDay(context) - (2 * h), options.TimeUnitDays).Count >= options.MinCustomers ? h : 0;
        }

        var fix = fits > 0
            ? string.Create(CultureInfo.InvariantCulture, $"lower horizonDays to at most {fits}")
            : "no horizon of a whole day leaves enough customers before its anchor: lower minCustomers";
        return customers == 0
            ? anchor + $": the purchases start after the anchor, so the history is too short for a {horizon}-day horizon ({fix})"
            : anchor + $": {fix} (a later anchor sees more customers), or lower minCustomers";
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var events = context.Data.RequireEvents();
        var options = context.GetOptions<ValueOptions>();
        if (options.TierAShare + options.TierBShare > 1)
        {
            throw new RecsysException($"{context.Pipeline.FilePath}: options of stage '{StageName}' are invalid: tierAShare + tierBShare ({options.TierAShare + options.TierBShare}) must not exceed 1");
        }

        var log = PurchaseLog.Build(events, context.CutoffMs);
        var settings = new ValueSettings(context.HorizonDaysOr(options.HorizonDays), options.TimeUnitDays, options.ClvMonths, options.AnnualDiscountRate,
            options.Starts, options.Trees, options.TrainingAnchors, options.MinCustomers, context.Seed, log.RevenueTarget);
        var snapshotDay = SnapshotDay(context);
        // Each anchor is one BG/NBD fit and one feature build: the long steps of the stage.
        var run = new ValueRun(events, log, settings, (done, total) => context.ReportRows(0.05, 0.6, "anchor fits", done, total, "anchors"));

        context.ReportProgress(0.05, "hold-out evaluation");
        var chosen = run.Evaluate(snapshotDay, options.Model, options.SelectBy, StageName);
        cancellationToken.ThrowIfCancellationRequested();

        context.ReportProgress(0.6, "scoring");
        var (fit, predicted, model, learned) = run.Score(snapshotDay, chosen);
        if (learned is not null)
        {
            LearnedValueModel.Save(new MLContext(context.Seed), learned, Path.Combine(context.ArtifactsDirectory, StageName, ModelFile));
        }

        var flags = ValueFlags.Assign(fit, settings);
        context.Data.AddOutput(ValueOutputs.Scores(events, fit, predicted, model, flags, settings.Revenue, options));
        context.Data.Metrics.AddRange(run.Metrics);
        context.Data.Metrics.AddRange(ValueFitMetrics.Describe(StageName, fit, log, model, settings));
        context.Data.Metrics.AddRange(ValueFitMetrics.Flags(StageName, flags, run.BgNbdExcluded));
        context.Data.Notes.AddRange(run.Notes);
        if (ValueFitMetrics.DegenerateNote(fit, model, run.BgNbdExcluded) is { } degenerate)
        {
            context.Data.Notes.Add(degenerate);
        }

        if (fit.SpendNote is not null)
        {
            context.Data.Notes.Add("value: " + fit.SpendNote);
        }

        context.Data.Notes.Add(ValueFitMetrics.Note(context.SnapshotDate, settings, model, options.SelectBy, run.Metrics));
        context.ReportProgress(1, null);
        LogValue(fit.Rfm.Count, model, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    private static int SnapshotDay(StageContext context) => (int)(context.CutoffMs / Timestamps.MillisPerDay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Value: {Customers} customers scored with {Model} in {Seconds:F2} s")]
    private partial void LogValue(int customers, string model, double seconds);
}
