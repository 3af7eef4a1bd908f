using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Stage "interest": per user, category interest now (recent window) versus before (decayed long-term window),
/// the drift between them, and the predicted category distribution of the next window [S, S + W).
/// Time discipline: the scoring model trains on anchors S - W, S - 2W, ... (features before the anchor, labels
/// [anchor, anchor + W) ⊂ events before S); the held-out check trains on anchors S - 2W, ... and evaluates the
/// predictions made at S - W against [S - W, S), next to the recent, long-term and popularity baselines.
/// </summary>
internal sealed partial class InterestStage : IPipelineStage
{
    public const string StageName = "interest";
    public const string ModelFile = "next_window.fasttree.zip";

    private readonly ILogger<InterestStage> _logger;

    public InterestStage(ILogger<InterestStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables => InterestTables.All;

    /// <summary>The next-window model against the recent, long-term and popularity baselines (NDCG@k) and its held-out users.</summary>
    public IReadOnlyList<QualityRule> QualityRules { get; } =
    [
        new BeatsBaselines(NextWindowModel.Name, "ndcg@", [InterestEvaluation.Recent, InterestEvaluation.LongTerm, InterestEvaluation.Popularity]),
        new EnoughSupport(NextWindowModel.Name, "eval_users"),
    ];

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Data.UsableEvents(requireItems: false, out var unusable) is not { } events)
        {
            return unusable;
        }

        if (!events.HasCategories)
        {
            return "the source has no item categories (e.g. MovieLens ratings): interest evolution needs a category per event";
        }

        var nextDays = context.HorizonDaysOr(context.GetOptions<InterestOptions>().NextWindowDays);
        var cutoff = context.CutoffMs;
        var first = long.MaxValue;
        var times = events.TimestampMs;
        var categories = events.CategoryKey;
        for (var e = 0; e < events.Count; e++)
        {
            if (categories[e] != EventTable.NoKey && times[e] < cutoff && times[e] < first)
            {
                first = times[e];
            }
        }

        var historyDays = first == long.MaxValue ? 0 : (cutoff - first) / (double)Timestamps.MillisPerDay;
        return historyDays < 3 * nextDays
            ? string.Create(CultureInfo.InvariantCulture,
                $"{historyDays:F1} days of categorized history before the snapshot; training and evaluating a {nextDays}-day next window needs {3 * nextDays} (lower the interest option nextWindowDays or the pipeline's horizonDays)")
            : null;
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var events = context.Data.RequireEvents();
        var options = context.GetOptions<InterestOptions>();
        if (options.RecentDays > options.LongTermDays)
        {
            throw new RecsysException($"{context.Pipeline.FilePath}: options of stage '{StageName}' are invalid: recentDays ({options.RecentDays}) must not exceed longTermDays ({options.LongTermDays})");
        }

        var nextDays = context.HorizonDaysOr(options.NextWindowDays);
        var cutoff = context.CutoffMs;
        var windowMs = nextDays * Timestamps.MillisPerDay;
        var index = UserEventIndex.Build(events, cutoff, options.TypeWeights());
        var ml = new MLContext(context.Seed);

        context.ReportProgress(0.05, "held-out evaluation");
        var evalTraining = NextWindowTraining.Fit(ml, index, options, nextDays, cutoff - (2 * windowMs));
        cancellationToken.ThrowIfCancellationRequested();
        var held = InterestAnchor.Build(index, options, nextDays, cutoff - windowMs, labelled: true, historyOnly: false);
        var heldShares = PredictedShares.Compute(held.Rows, Predict(evalTraining, held.Rows), held.Population);
        var metrics = InterestEvaluation.Evaluate(
            StageName, InterestEvaluation.PredictionName(evalTraining.Model is not null), held.Rows, heldShares, held.Population, held.Labels!);
        metrics.Add(new(StageName, NextWindowModel.Name, "eval_train_rows", evalTraining.Rows));

        context.ReportProgress(0.5, "training the next-window model");
        var training = NextWindowTraining.Fit(ml, index, options, nextDays, cutoff - windowMs);
        cancellationToken.ThrowIfCancellationRequested();
        if (training.Model is not null)
        {
            NextWindowModel.Save(ml, training.Model, Path.Combine(context.ArtifactsDirectory, StageName, ModelFile));
        }

        context.ReportProgress(0.8, "scoring");
        var now = InterestAnchor.Build(index, options, nextDays, cutoff, labelled: false, historyOnly: false);
        var shares = PredictedShares.Compute(now.Rows, Predict(training, now.Rows), now.Population);
        var evolution = InterestOutputs.Evolution(events, now.Rows, shares, training.Model is not null, options.TopCategories);
        var drift = InterestOutputs.Drift(events, now.Profiles);
        context.Data.AddOutput(evolution);
        context.Data.AddOutput(drift);
        metrics.Add(new(StageName, NextWindowModel.Name, "train_rows", training.Rows));
        metrics.Add(new(StageName, InterestEvaluation.PredictionName(training.Model is not null), "scored_users", now.Rows.Users.Count));
        metrics.Add(new(StageName, NextWindowModel.Name, "population_users", training.Model is null ? now.Rows.Users.Count : now.Rows.Population.Count(p => p)));
        context.Data.Metrics.AddRange(metrics);
        context.Data.Notes.Add(InterestNote.Describe(context.SnapshotDate, nextDays, training, evalTraining, metrics));
        context.ReportProgress(1, null);
        LogInterest(now.Rows.Users.Count, evolution.RowCount, training.Rows, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    private static float[]? Predict(NextWindowTraining training, CandidateRows rows) =>
        training.Model is null ? null : NextWindowModel.Predict(training.Model, rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interest: {Users} users, {Rows} evolution rows, model trained on {TrainRows} rows in {Seconds:F2} s")]
    private partial void LogInterest(int users, int rows, int trainRows, double seconds);
}
