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
internal sealed partial class InterestStage : IShardedStage
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

    public IReadOnlyList<ArtifactKey> Produces { get; } = [InterestArtifacts.Prepared];

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
        var index = Prepare(context, cancellationToken);
        var shard = Shard(context, 0, 1, index, cancellationToken);
        foreach (var table in shard.Tables)
        {
            context.Data.AddOutput(table);
        }

        context.Data.Metrics.AddRange(shard.Metrics);
        context.ReportProgress(1, null);
        LogInterest(shard.Tables[1].RowCount, shard.Tables[0].RowCount, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    /// <summary>Index, held-out evaluation, training and the snapshot population (everything not split by user).</summary>
    public Task PrepareAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Prepare(context, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>user_interest_evolution and user_interest_drift of the shard's users, scored with the prepared model.</summary>
    public Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Shard(context, shard, shards, null, cancellationToken));
    }

    /// <summary>Prepare's work; returns the index of all users (an unsplit run scores with it instead of building a shard's).</summary>
    private static UserEventIndex Prepare(StageContext context, CancellationToken cancellationToken)
    {
        var events = context.Data.RequireEvents();
        var options = Options(context);
        var nextDays = context.HorizonDaysOr(options.NextWindowDays);
        var cutoff = context.CutoffMs;
        var windowMs = nextDays * Timestamps.MillisPerDay;
        var index = UserEventIndex.Build(events, cutoff, options.TypeWeights());
        var ml = new MLContext(context.Seed);

        context.ReportProgress(0.05, "held-out evaluation");
        var evalTraining = NextWindowTraining.Fit(ml, index, options, nextDays, cutoff - (2 * windowMs), context.Seed, AnchorProgress(context, 0.05, 0.3, "users featurized (held-out training anchor"));
        cancellationToken.ThrowIfCancellationRequested();
        // The held-out anchor a block of users at a time, as the scoring below: its population and labels are built
        // once for all users, so each block's rows are that user's rows of one pass.
        var heldMs = cutoff - windowMs;
        var heldWindows = InterestWindows.For(heldMs, options, nextDays);
        var heldPopulation = CategoryPopulation.Build(index, heldWindows);
        var heldLabels = NextWindowLabels.Build(index, heldWindows);
        var held = new InterestEvaluation.Sums(InterestEvaluation.PredictionName(evalTraining.Model is not null));
        foreach (var (to, keep) in UserBlocks(index.Users, options.ScoringBlockUsers))
        {
            var block = InterestAnchor.Build(index, options, nextDays, heldMs, labelled: true, historyOnly: false, null, heldPopulation, keep, heldLabels);
            held.Add(block.Rows, PredictedShares.Compute(block.Rows, Predict(evalTraining.Model, block.Rows), heldPopulation), heldPopulation, heldLabels);
            cancellationToken.ThrowIfCancellationRequested();
            context.ReportRows(0.4, 0.45, "users featurized (held-out window)", to, index.Users, "users");
        }

        var metrics = held.ToMetrics(StageName);
        metrics.Add(new(StageName, NextWindowModel.Name, "eval_train_rows", evalTraining.Rows));
        metrics.Add(new(StageName, NextWindowModel.Name, AvailableMetric("eval_train_rows_available", evalTraining), evalTraining.AvailableRows));

        context.ReportProgress(0.5, "training the next-window model");
        var training = NextWindowTraining.Fit(ml, index, options, nextDays, cutoff - windowMs, context.Seed, AnchorProgress(context, 0.5, 0.7, "users featurized (training anchor"));
        cancellationToken.ThrowIfCancellationRequested();
        var model = training.Model is null ? null : NextWindowModel.ToBytes(ml, training.Model);
        if (model is not null)
        {
            var path = Path.Combine(context.ArtifactsDirectory, StageName, ModelFile);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, model);
        }

        var population = CategoryPopulation.Build(index, InterestWindows.For(cutoff, options, nextDays));
        context.Data.Set(InterestArtifacts.Prepared, new PreparedInterest(model, population));
        metrics.Add(new(StageName, NextWindowModel.Name, "train_rows", training.Rows));
        metrics.Add(new(StageName, NextWindowModel.Name, AvailableMetric("train_rows_available", training), training.AvailableRows));
        context.Data.Metrics.AddRange(metrics);
        context.Data.Notes.Add(InterestNote.Describe(context.SnapshotDate, nextDays, training, evalTraining, metrics));
        return index;
    }

    /// <summary>The shard's rows, from the given index of all users or (null) an index of the shard's users only.</summary>
    private static ShardResult Shard(StageContext context, int shard, int shards, UserEventIndex? all, CancellationToken cancellationToken)
    {
        UserShards.Validate(shard, shards);
        var prepared = context.Data.Require(InterestArtifacts.Prepared);
        var events = context.Data.RequireEvents();
        var options = Options(context);
        var nextDays = context.HorizonDaysOr(options.NextWindowDays);
        var index = all ?? UserEventIndex.Build(events, context.CutoffMs, options.TypeWeights(), u => u % shards == shard);
        var model = prepared.Model is null ? null : NextWindowModel.Load(new MLContext(context.Seed), prepared.Model);
        context.ReportProgress(0.8, shards == 1 ? "scoring" : $"scoring shard {shard + 1} of {shards}");

        // Contiguous blocks of users, each scored and turned into rows before the next is built: the snapshot anchor of
        // every user at once was the stage's largest allocation. Users are independent given the prepared population,
        // so the blocks' rows, in order, are the rows of one pass.
        var evolutions = new List<OutputTable>();
        var drifts = new List<OutputTable>();
        var scoredUsers = 0;
        var populationUsers = 0;
        foreach (var (to, keep) in UserBlocks(index.Users, all is null ? index.Users : options.ScoringBlockUsers))
        {
            var now = InterestAnchor.Build(index, options, nextDays, context.CutoffMs, labelled: false, historyOnly: false,
                keep is null ? (done, total) => context.ReportRows(0.8, 0.95, "users scored", done, total, "users") : null, prepared.Population, keep);
            cancellationToken.ThrowIfCancellationRequested();
            var shares = PredictedShares.Compute(now.Rows, Predict(model, now.Rows), now.Population);
            evolutions.Add(InterestOutputs.Evolution(events, now.Rows, shares, model is not null, options.TopCategories));
            drifts.Add(InterestOutputs.Drift(events, now.Profiles));
            scoredUsers += now.Rows.Users.Count;
            populationUsers += model is null ? now.Rows.Users.Count : now.Rows.Population.Count(p => p);
            context.ReportRows(0.8, 0.95, "users scored", to, index.Users, "users");
        }

        var evolution = evolutions.Count == 1 ? evolutions[0] : OutputTable.Concat(evolutions);
        var drift = drifts.Count == 1 ? drifts[0] : OutputTable.Concat(drifts);
        ModelMetric[] metrics =
        [
            new(StageName, InterestEvaluation.PredictionName(model is not null), "scored_users", scoredUsers),
            new(StageName, NextWindowModel.Name, "population_users", populationUsers),
        ];
        return new ShardResult([evolution, drift], metrics, []);
    }

    /// <summary>
    /// Contiguous blocks [from, to) of at most <paramref name="size"/> of the <paramref name="users"/> dense users: each
    /// block's end and the filter that keeps its users (null for a single block of everyone); one block when there are none.
    /// </summary>
    private static IEnumerable<(int To, Func<int, bool>? Keep)> UserBlocks(int users, int size)
    {
        size = Math.Max(1, size);
        for (var from = 0; from == 0 || from < users; from += size)
        {
            var (first, to) = (from, Math.Min(users, from + size));
            yield return (to, first == 0 && to == users ? null : u => u >= first && u < to);
        }
    }

    private static InterestOptions Options(StageContext context)
    {
        var options = context.GetOptions<InterestOptions>();
        if (options.RecentDays > options.LongTermDays)
        {
            throw new RecsysException($"{context.Pipeline.FilePath}: options of stage '{StageName}' are invalid: recentDays ({options.RecentDays}) must not exceed longTermDays ({options.LongTermDays})");
        }

        return options;
    }

    /// <summary>Progress of the stacked anchors of one fit: anchor i of the options' anchors takes its share of [start, end).</summary>
    private static Action<int, long, long> AnchorProgress(StageContext context, double start, double end, string phase)
    {
        var anchors = Math.Max(1, context.GetOptions<InterestOptions>().TrainingAnchors);
        var width = (end - start) / anchors;
        return (anchor, done, total) => context.ReportRows(start + (anchor * width), start + ((anchor + 1) * width),
            string.Create(CultureInfo.InvariantCulture, $"{phase} {anchor + 1} of {anchors})"), done, total, "users");
    }

    /// <summary>The metric's name, with the suffix _estimate when the rows were counted on the scanned users only (<see cref="TrainingSample"/>).</summary>
    private static string AvailableMetric(string name, NextWindowTraining training) => training.AvailableEstimated ? name + "_estimate" : name;

    private static float[]? Predict(ITransformer? model, CandidateRows rows) =>
        model is null ? null : NextWindowModel.Predict(model, rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interest: {Users} users, {Rows} evolution rows in {Seconds:F2} s")]
    private partial void LogInterest(int users, int rows, double seconds);
}
