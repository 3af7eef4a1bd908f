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
/// [S − H, S).
/// </summary>
internal sealed partial class InfluenceStage : IPipelineStage
{
    public const string StageName = "influence";
    private static readonly EventType[] Treatments = [EventType.Click, EventType.Fav, EventType.Cart];

    /// <summary>Inner split of the users for choosing the nuisance learners: one part of this many validates.</summary>
    private const int InnerFolds = 5;

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
        var events = context.Data.RequireEvents();
        var options = context.GetOptions<InfluenceOptions>();
        var behaviors = ParseBehaviors(context, options);
        var horizon = context.HorizonDaysOr(options.HorizonDays);
        var windows = InfluenceWindows.At(context.CutoffMs, horizon);
        var units = PairUnits.Build(events, windows);
        var features = NuisanceData.Standardize(UnitFeatures.Build(events, units, windows));
        var segments = InfluenceSegments.Create(events, units, context.Data, options.TopCategories);
        var segmentRows = segments.Rows(units.User, units.Category);
        var folds = CrossFit.UserFolds(units.User, options.Folds, context.Seed);
        // A fifth of the users, drawn apart from the folds, is where the learners of each fold are compared.
        var validation = CrossFit.UserFolds(units.User, InnerFolds, context.Seed + 1).Select(f => f == 0).ToArray();
        var forced = Forced(options.Nuisance);
        var ml = new MLContext(context.Seed);
        var cap = new NuisanceCap(units.User, options.NuisanceRowsPerParameter, context.Seed + 2);
        var rows = new List<InfluenceRow>();
        for (var b = 0; b < behaviors.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var done = b * options.Folds;
            Action<int> fitted = k => context.ReportRows(0.1, 0.8, "cross-fit folds", done + k, behaviors.Count * options.Folds, "folds");
            fitted(0);
            rows.AddRange(Estimate(context, behaviors[b], units, features, new NuisanceSplit(folds, validation, forced), segmentRows, options, ml, cap, fitted));
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
        LogInfluence(units.Count, rows.Count, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    private static IEnumerable<InfluenceRow> Estimate(StageContext context, EventType behavior, PairUnits units, NuisanceData features, NuisanceSplit split,
        Dictionary<string, List<int>> segmentRows, InfluenceOptions options, MLContext ml, NuisanceCap cap, Action<int> fitted)
    {
        var treated = units.Treated[(int)behavior];
        // fav and cart need an opened item: when clicks are logged, they are compared among clicked pairs only, so the
        // click's own effect is not credited to them (and the unclicked pairs, with propensity 0, do not break overlap).
        var clicks = units.TypesPresent.Contains(EventType.Click);
        var atRisk = behavior != EventType.Click && clicks ? units.Treated[(int)EventType.Click] : null;
        var population = Enumerable.Range(0, units.Count).Where(r => atRisk is null || atRisk[r]).ToArray();
        var name = behavior.ToName();
        var adjusted = false;
        if (options.AdjustForOtherBehaviors && OtherOfPair(behavior) is { } other && units.TypesPresent.Contains(other))
        {
            features = features.WithColumn([.. units.Treated[(int)other].Select(t => t ? 1f : 0f)]);
            adjusted = true;
        }

        var method = InfluenceOutputs.MethodOf(split.Forced, adjusted);
        var fit = CrossFit.Run(ml, features, treated, units.Purchased, split.Folds, options.Folds, population, split.Validation, split.Forced, cap, fitted);
        var quality = NuisanceQuality.Measure(population, treated, units.Purchased, fit);
        context.Data.Metrics.AddRange(InfluenceMetrics.Nuisance(StageName, name, quality));
        context.Data.Metrics.AddRange(InfluenceMetrics.Choices(StageName, name, fit.Choices));
        context.Data.Metrics.AddRange(InfluenceMetrics.TrainRows(StageName, name, fit));
        if (fit.TrainRows < fit.AvailableRows)
        {
            context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"influence: the nuisance models of {name} were trained on {fit.TrainRows:N0} of {fit.AvailableRows:N0} training rows (users drawn by a seeded hash; size rule nuisanceRowsPerParameter {options.NuisanceRowsPerParameter}); every unit is still predicted and scored"));
        }

        foreach (var (segment, members) in segmentRows)
        {
            var subset = atRisk is null ? members : [.. members.Where(r => atRisk[r])];
            var result = AipwEstimator.Estimate(subset, treated, units.Purchased, fit, units.User, options.ClipLow, options.ClipHigh, options.MinArmUnits, options.MinOutcomesPerArm);
            // The nuisance models are fitted once per behaviour, so their quality flags every segment row alike.
            yield return new InfluenceRow(name, segment, quality.WorseThanConstant ? result.WithFlag(InfluenceFlags.NuisanceWorseThanConstant) : result, method);
        }
    }

    /// <summary>The learner every nuisance model must use (options logistic, fasttree), or null to choose (auto).</summary>
    private static NuisanceLearner? Forced(string nuisance) => nuisance switch
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

    private static List<EventType> ParseBehaviors(StageContext context, InfluenceOptions options)
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
            context.Data.Notes.Add($"influence: {string.Join(", ", missing.Select(t => t.ToName()))} not in the data: no rows for them");
        }

        return [.. parsed.Where(present.Contains)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Influence: {Units} units, {Rows} coefficient rows in {Seconds:F2} s")]
    private partial void LogInfluence(int units, int rows, double seconds);
}
