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
/// the one that wins the hold-out (see <see cref="ValueRun"/> for the windows), and A/B/C tiers. Split into shards,
/// everything global (the fits, the hold-out, the learned model, every customer's prediction and the tiers cut on
/// them) is prepared once; a shard computes its customers' rows (P(alive), expected purchases and spend, the clv
/// series, flags).
/// </summary>
internal sealed partial class ValueStage : IShardedStage
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

    public IReadOnlyList<ArtifactKey> Produces { get; } = [ValueArtifacts.Prepared];

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
        var (log, customers) = Prepare(context, cancellationToken);
        var shard = Shard(context, 0, 1, log, customers);
        foreach (var table in shard.Tables)
        {
            context.Data.AddOutput(table);
        }

        context.Data.Metrics.AddRange(shard.Metrics);
        context.ReportProgress(1, null);
        var model = context.Data.Require(ValueArtifacts.Prepared).Model;
        LogValue(customers.Count, model, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    /// <summary>Hold-out evaluation, the fits and training as of the snapshot, every customer's prediction and tier.</summary>
    public Task PrepareAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Prepare(context, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>user_value_scores of the shard's customers (P(alive), expected purchases and spend, clv, flags) from the prepared fits.</summary>
    public Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Shard(context, shard, shards, null, null));
    }

    /// <summary>Prepare's work; returns the purchase log and all customers' summary (an unsplit run scores them instead of a shard's).</summary>
    private static (PurchaseLog Log, RfmSummary Customers) Prepare(StageContext context, CancellationToken cancellationToken)
    {
        var events = context.Data.RequireEvents();
        var options = Options(context);
        var log = PurchaseLog.Build(events, context.CutoffMs);
        var settings = Settings(context, options, log);
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

        // Tiers are quantiles of every customer's prediction: cut here, so a shard's rows carry the unsplit tiers.
        var ids = fit.Rfm.UserKeys.Select(u => events.Users[u]).ToArray();
        var tiers = ValueTiers.Assign(predicted, ids, options.TierAShare, options.TierBShare);
        var codes = tiers.Select(t => (byte)PreparedValue.TierNames.ToList().IndexOf(t)).ToArray();
        context.Data.Set(ValueArtifacts.Prepared, new PreparedValue(fit.BgNbd, fit.GammaGamma, fit.FallbackSpend, model, fit.Rfm.UserKeys, predicted, codes));
        context.Data.Metrics.AddRange(run.Metrics);
        context.Data.Metrics.AddRange(ValueFitMetrics.Describe(StageName, fit, log, model, settings));
        context.Data.Metrics.Add(ValueFitMetrics.Excluded(StageName, run.BgNbdExcluded));
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
        return (log, fit.Rfm);
    }

    /// <summary>The shard's rows, from the given log and all customers' summary or (null) the shard's customers only.</summary>
    private static ShardResult Shard(StageContext context, int shard, int shards, PurchaseLog? log, RfmSummary? all)
    {
        UserShards.Validate(shard, shards);
        var prepared = context.Data.Require(ValueArtifacts.Prepared);
        var events = context.Data.RequireEvents();
        var options = Options(context);
        log ??= PurchaseLog.Build(events, context.CutoffMs);
        var settings = Settings(context, options, log);
        context.ReportProgress(0.9, shards == 1 ? "customer rows" : $"customer rows of shard {shard + 1} of {shards}");
        var rfm = all ?? RfmSummary.At(log, SnapshotDay(context), settings.UnitDays, u => u % shards == shard);
        var scores = ProbabilisticScores.Apply(rfm, prepared.BgNbd, prepared.GammaGamma, null, prepared.FallbackSpend, settings, withClv: true);
        var predicted = new double[rfm.Count];
        var tiers = new string[rfm.Count];
        for (var i = 0; i < rfm.Count; i++)
        {
            var at = Array.BinarySearch(prepared.UserKeys, rfm.UserKeys[i]);
            if (at < 0)
            {
                throw new RecsysException($"Stage '{StageName}': customer {events.Users[rfm.UserKeys[i]]} of shard {shard + 1} of {shards} has no prepared prediction (the shard reads other events than its preparation did).");
            }

            predicted[i] = prepared.Predicted[at];
            tiers[i] = PreparedValue.TierNames[prepared.Tiers[at]];
        }

        var flags = ValueFlags.Assign(scores, settings);
        var table = ValueOutputs.Scores(events, scores, predicted, tiers, prepared.Model, flags, settings.Revenue);
        return new ShardResult([table], ValueFitMetrics.Flags(StageName, flags), []);
    }

    private static ValueOptions Options(StageContext context)
    {
        var options = context.GetOptions<ValueOptions>();
        if (options.TierAShare + options.TierBShare > 1)
        {
            throw new RecsysException($"{context.Pipeline.FilePath}: options of stage '{StageName}' are invalid: tierAShare + tierBShare ({options.TierAShare + options.TierBShare}) must not exceed 1");
        }

        return options;
    }

    private static ValueSettings Settings(StageContext context, ValueOptions options, PurchaseLog log) =>
        new(context.HorizonDaysOr(options.HorizonDays), options.TimeUnitDays, options.ClvMonths, options.AnnualDiscountRate,
            options.Starts, options.Trees, options.TrainingAnchors, options.MinCustomers, context.Seed, log.RevenueTarget);

    private static int SnapshotDay(StageContext context) => (int)(context.CutoffMs / Timestamps.MillisPerDay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Value: {Customers} customers scored with {Model} in {Seconds:F2} s")]
    private partial void LogValue(int customers, string model, double seconds);
}
