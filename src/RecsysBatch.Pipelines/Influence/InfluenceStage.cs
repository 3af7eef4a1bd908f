using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Stage "influence": the average effect of a behaviour on the (user, item) pair (click, fav, cart in the exposure
/// window [S − 2H, S − H)) on the probability that the user buys the item in the outcome window [S − H, S), by
/// cross-fitted AIPW with confounders from before the exposure window, per segment; and the behaviour funnel of
/// [S − H, S). Split into shards, each shard fits the cross-fit folds it owns (fold k goes to shard k % shards) for
/// every treatment and hands their out-of-fold predictions to the merge, which combines them into the AIPW rows
/// exactly as one process does.
/// </summary>
internal sealed partial class InfluenceStage : IMergingShardedStage
{
    public const string StageName = "influence";
    private static readonly EventType[] Treatments = [EventType.Click, EventType.Fav, EventType.Cart];

    /// <summary>Inner split of the users for choosing the nuisance learners: one part of this many validates.</summary>
    internal const int InnerFolds = 5;

    private readonly ILogger<InfluenceStage> _logger;

    public InfluenceStage(ILogger<InfluenceStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables => InfluenceTables.All;

    /// <summary>The value stage's tiers, when it ran earlier: the value_tier segments.</summary>
    public IReadOnlyList<StageInput> Consumes { get; } = [StageInput.Optional(Value.ValueTables.UserValueScores)];

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Data.UsableEvents(requireItems: true, out var unusable) is not { } events)
        {
            return unusable;
        }

        var horizon = context.HorizonDaysOr(context.GetOptions<InfluenceOptions>().HorizonDays);
        return InfluenceSkipReason.Of(events, context.SnapshotDate, context.CutoffMs, horizon);
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var units = Units(context);
        var notes = new List<string>();
        var behaviors = ParseBehaviors(context, context.GetOptions<InfluenceOptions>(), notes);
        context.Data.Notes.AddRange(notes);
        // Each treatment's folds are fitted when the merge reaches it, so one treatment's predictions are held at a time.
        var fitter = new FoldFitter(context, units, 0, 1);
        var rows = Merge(context, units, behaviors, b => fitter.Fit(behaviors[b], cancellationToken));
        LogInfluence(units.Count, rows, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Checks the options: nothing global is computed ahead of the folds (every shard rebuilds the units and their
    /// confounders from the events, which costs less than checkpointing them).
    /// </summary>
    public Task PrepareAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ParseBehaviors(context, context.GetOptions<InfluenceOptions>(), []);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The cross-fit folds k with k % <paramref name="shards"/> == <paramref name="shard"/> of every treatment (folds are
    /// by user, so a shard owns users, not dense keys): their out-of-fold predictions as intermediate tables for
    /// <see cref="MergeAsync"/>.
    /// </summary>
    public Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        UserShards.Validate(shard, shards);
        var units = Units(context);
        var behaviors = ParseBehaviors(context, context.GetOptions<InfluenceOptions>(), []);
        var fitter = new FoldFitter(context, units, shard, shards);
        var named = behaviors.Select(b => (b.ToName(), (IReadOnlyList<CrossFitFold>)fitter.Fit(b, cancellationToken))).ToList();
        return Task.FromResult(new ShardResult(InfluenceFoldTables.ToTables(named), [], []));
    }

    /// <summary>The AIPW rows, funnel, metrics and notes from every shard's folds.</summary>
    public Task MergeAsync(StageContext context, IReadOnlyList<ShardResult> shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shards);
        var units = Units(context);
        var notes = new List<string>();
        var behaviors = ParseBehaviors(context, context.GetOptions<InfluenceOptions>(), notes);
        context.Data.Notes.AddRange(notes);
        var tables = shards.SelectMany(s => s.Tables).ToList();
        Merge(context, units, behaviors, b => InfluenceFoldTables.FromTables(tables, behaviors[b].ToName()));
        return Task.CompletedTask;
    }

    private static PairUnits Units(StageContext context)
    {
        var options = context.GetOptions<InfluenceOptions>();
        return PairUnits.Build(context.Data.RequireEvents(), InfluenceWindows.At(context.CutoffMs, context.HorizonDaysOr(options.HorizonDays)));
    }

    /// <summary>
    /// Everything after the folds: per treatment its AIPW rows and metrics (from <paramref name="folds"/> of its index),
    /// then the funnel, tables and notes. Returns the coefficient rows.
    /// </summary>
    private static int Merge(StageContext context, PairUnits units, List<EventType> behaviors, Func<int, List<CrossFitFold>> folds)
    {
        var events = context.Data.RequireEvents();
        var options = context.GetOptions<InfluenceOptions>();
        var horizon = context.HorizonDaysOr(options.HorizonDays);
        var windows = InfluenceWindows.At(context.CutoffMs, horizon);
        var segments = InfluenceSegments.Create(events, units, context.Data, options.TopCategories);
        var segmentRows = segments.Rows(units.User, units.Category);
        var rows = new List<InfluenceRow>();
        for (var b = 0; b < behaviors.Count; b++)
        {
            rows.AddRange(Estimate(context, behaviors[b], units, folds(b), segmentRows, options));
        }

        if (segments.HasTiers)
        {
            context.Data.Notes.Add("influence: value_tier segments use the tiers the value stage scored at the snapshot, which read purchases of the outcome window: read them as descriptive splits, not pre-treatment strata");
        }

        context.Data.Notes.AddRange(InfluenceSummary.Warnings(rows));

        context.ReportProgress(0.9, "funnel");
        var funnel = BehaviorFunnel.Build(events, windows.ExposureEnd, windows.OutcomeEnd, segments);
        context.Data.AddOutput(InfluenceOutputs.Coefficients(rows));
        context.Data.AddOutput(InfluenceOutputs.Funnel(funnel));
        context.Data.Metrics.Add(new ModelMetric(StageName, "aipw", "units", units.Count));
        context.Data.Metrics.AddRange(rows.SelectMany(r => InfluenceMetrics.Overlap(StageName, r)));
        context.Data.Notes.Add(InfluenceSummary.Headline(context.SnapshotDate, horizon, units.Count, rows));
        context.ReportProgress(1, null);
        return rows.Count;
    }

    private static List<InfluenceRow> Estimate(StageContext context, EventType behavior, PairUnits units, List<CrossFitFold> folds,
        Dictionary<string, List<int>> segmentRows, InfluenceOptions options)
    {
        var treated = units.Treated[(int)behavior];
        var (atRisk, population) = AtRisk(units, behavior);
        var name = behavior.ToName();
        var method = InfluenceOutputs.MethodOf(Forced(options.Nuisance), Adjusting(options, units, behavior) is not null);
        var predicted = folds.Sum(f => f.Test.Length);
        if (predicted != population.Length)
        {
            throw new RecsysException($"Stage '{StageName}': the cross-fit folds of {name} predict {predicted} of its {population.Length} units (a shard's folds are missing).");
        }

        var fit = CrossFit.Combine(units.Count, folds);
        var quality = NuisanceQuality.Measure(population, treated, units.Purchased, fit);
        context.Data.Metrics.AddRange(InfluenceMetrics.Nuisance(StageName, name, quality));
        context.Data.Metrics.AddRange(InfluenceMetrics.Choices(StageName, name, fit.Choices));
        context.Data.Metrics.AddRange(InfluenceMetrics.TrainRows(StageName, name, fit));
        if (fit.TrainRows < fit.AvailableRows)
        {
            context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"influence: the nuisance models of {name} were trained on {fit.TrainRows:N0} of {fit.AvailableRows:N0} training rows (users drawn by a seeded hash; size rule nuisanceRowsPerParameter {options.NuisanceRowsPerParameter}); every unit is still predicted and scored"));
        }

        var rows = new List<InfluenceRow>();
        foreach (var (segment, members) in segmentRows)
        {
            var subset = atRisk is null ? members : [.. members.Where(r => atRisk[r])];
            var result = AipwEstimator.Estimate(subset, treated, units.Purchased, fit, units.User, options.ClipLow, options.ClipHigh, options.MinArmUnits, options.MinOutcomesPerArm);
            // The nuisance models are fitted once per behaviour, so their quality flags every segment row alike.
            rows.Add(new InfluenceRow(name, segment, quality.WorseThanConstant ? result.WithFlag(InfluenceFlags.NuisanceWorseThanConstant) : result, method));
        }

        return rows;
    }

    /// <summary>
    /// The units a treatment is compared on: fav and cart need an opened item, so when clicks are logged they are
    /// compared among clicked pairs only (the click's own effect is not credited to them, and the unclicked pairs,
    /// with propensity 0, do not break overlap); null at-risk mask: all units.
    /// </summary>
    internal static (bool[]? AtRisk, int[] Population) AtRisk(PairUnits units, EventType behavior)
    {
        var clicks = units.TypesPresent.Contains(EventType.Click);
        var atRisk = behavior != EventType.Click && clicks ? units.Treated[(int)EventType.Click] : null;
        return (atRisk, [.. Enumerable.Range(0, units.Count).Where(r => atRisk is null || atRisk[r])]);
    }

    /// <summary>The other behaviour of the pair the treatment is adjusted for (option adjustForOtherBehaviors), per unit; null when none.</summary>
    internal static bool[]? Adjusting(InfluenceOptions options, PairUnits units, EventType behavior) =>
        options.AdjustForOtherBehaviors && OtherOfPair(behavior) is { } other && units.TypesPresent.Contains(other) ? units.Treated[(int)other] : null;

    /// <summary>The learner every nuisance model must use (options logistic, fasttree), or null to choose (auto).</summary>
    internal static NuisanceLearner? Forced(string nuisance) => nuisance switch
    {
        "logistic" => NuisanceLearner.Logistic,
        "fasttree" => NuisanceLearner.FastTree,
        _ => null,
    };

    /// <summary>fav and cart: the other one of the two (both follow a click; click itself is never adjusted for them).</summary>
    private static EventType? OtherOfPair(EventType behavior) => behavior switch
    {
        EventType.Fav => EventType.Cart,
        EventType.Cart => EventType.Fav,
        _ => null,
    };

    /// <summary>The treatments of the option behaviors present in the data; a note in <paramref name="notes"/> names those that are not.</summary>
    private static List<EventType> ParseBehaviors(StageContext context, InfluenceOptions options, List<string> notes)
    {
        var parsed = new List<EventType>();
        foreach (var name in options.Behaviors)
        {
            var type = Treatments.Where(t => t.ToName() == name).Select(t => (EventType?)t).FirstOrDefault()
                ?? throw new RecsysException($"{context.Pipeline.FilePath}: options of stage '{StageName}' are invalid: behaviors: '{name}' is not one of click, fav, cart");
            if (!parsed.Contains(type))
            {
                parsed.Add(type);
            }
        }

        var present = new HashSet<EventType>(context.Data.RequireEvents().Type.ToArray());
        var missing = parsed.Where(t => !present.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"influence: {string.Join(", ", missing.Select(t => t.ToName()))} not in the data: no rows for them");
        }

        return [.. parsed.Where(present.Contains)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Influence: {Units} units, {Rows} coefficient rows in {Seconds:F2} s")]
    private partial void LogInfluence(int units, int rows, double seconds);
}
