using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Stage "factorize": weighted ALS on the implicit feedback before the snapshot (each event type with its
/// confidence weight), publishing user/item factors, top-K unseen candidates per user (popularity for users with
/// too little history; with categoryBoost β > 0 and event categories the MF candidates are re-ranked by the user's
/// recent categories, source 'mf_category'), and similar users by cosine of factors. Hold-out metrics (<see cref="FactorizeEvaluation"/>)
/// go to model_metrics with popularity and item-kNN baselines from the same run; for rating sources also the
/// explicit SGD model's RMSE/MAE against the bias baseline (<see cref="ExplicitEvaluation"/>). λ and α default to
/// "auto": chosen first by <see cref="AlsSearch"/> on the window before the hold-out, then used by every model.
/// </summary>
internal sealed partial class FactorizeStage : IShardedStage
{
    public const string StageName = "factorize";

    private readonly ILogger<FactorizeStage> _logger;

    public FactorizeStage(ILogger<FactorizeStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables => FactorizeTables.All;

    public IReadOnlyList<ArtifactKey> Produces => FactorizeArtifacts.All;

    /// <summary>
    /// MF against popularity, item-kNN and category popularity on the hold-out (and, for ratings, explicit MF against the
    /// bias baseline); hold-out users; λ/α at the grid's edge.
    /// </summary>
    public IReadOnlyList<QualityRule> QualityRules { get; } =
    [
        new BeatsBaselines("mf", "recall@", ["popularity", "item_knn", "category_popularity"]),
        new BeatsBaselines("mf_explicit", "rmse", ["bias_baseline"], HigherIsBetter: false),
        new EnoughSupport("holdout", "users"),
        new EnoughSupport("explicit_holdout", "ratings"),
        new NotAtBound("mf", "lambda_at_grid_edge", "the best lambda is the smallest or largest tried; a better one may lie outside the search grid"),
        new NotAtBound("mf", "alpha_at_grid_edge", "the best alpha is the smallest or largest tried; a better one may lie outside the search grid"),
    ];

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.EventsUnusableReason(requireItems: true);
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var data = Prepare(context, cancellationToken);
        var shard = Shard(context, 0, 1, data, cancellationToken);
        foreach (var table in shard.Tables)
        {
            context.Data.AddOutput(table);
        }

        context.Data.Metrics.AddRange(shard.Metrics);
        context.Data.Notes.AddRange(shard.Notes);
        context.ReportProgress(1, null);
        var mfUsers = (int)shard.Metrics.Single(m => m.Metric == "mf_users").Value;
        var rows = shard.Tables[0].RowCount;
        LogFactorized(data.Count, mfUsers, rows, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    /// <summary>λ/α search, hold-out evaluation, training, user and item factors; the model and options for the shards.</summary>
    public Task PrepareAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = Prepare(context, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Candidates and similar users of the shard's users, from the model Prepare left.</summary>
    public Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Shard(context, shard, shards, null, cancellationToken));
    }

    /// <summary>Prepare's work; returns the training cells (all events before the snapshot).</summary>
    private static Interactions Prepare(StageContext context, CancellationToken cancellationToken)
    {
        var options = context.GetOptions<FactorizeOptions>();
        var events = context.Data.RequireEvents();
        var cutoff = context.CutoffMs;
        var holdoutDays = FactorizeEvaluation.HoldoutDays(events, cutoff, context.HorizonDays, options);
        var split = cutoff - (holdoutDays * Timestamps.MillisPerDay);
        var horizonSplit = cutoff - (context.HorizonDays * Timestamps.MillisPerDay);

        context.ReportProgress(0, "choosing lambda and alpha");
        var innerSplit = split - (holdoutDays * Timestamps.MillisPerDay);
        var explicitValues = options.Lambda is not null && options.Alpha is not null;
        var choice = AlsSearch.Choose(events, innerSplit, split, options, context.Seed,
            (done, total) => context.ReportRows(0, 0.3, "choosing lambda and alpha", done, total, "grid points"));
        // From here on every model of the stage (hold-out and published) uses the resolved values.
        (options.Lambda, options.Alpha) = (choice.Lambda, choice.Alpha);
        context.Data.Set(FactorizeArtifacts.Options, options);
        context.Data.Metrics.AddRange(FactorizeChoiceReport.Metrics(choice, options.EvaluationK));
        context.Data.Notes.Add(FactorizeChoiceReport.Note(choice, innerSplit, split, options, explicitValues));
        cancellationToken.ThrowIfCancellationRequested();

        context.ReportProgress(0.3, "hold-out evaluation");
        var holdout = FactorizeEvaluation.Evaluate(events, split, cutoff, options, context.Seed, context.Data.Notes);
        if (holdout.Count > 0)
        {
            holdout.Insert(0, new(StageName, "holdout", "days", holdoutDays));
        }

        context.Data.Metrics.AddRange(holdout);
        context.Data.Metrics.AddRange(ExplicitEvaluation.Evaluate(events, horizonSplit, cutoff, options.Threads, context.Seed));
        cancellationToken.ThrowIfCancellationRequested();

        context.ReportProgress(0.5, "training on all events before the snapshot");
        var data = options.Cells(events, long.MinValue, cutoff);
        var trainClock = Stopwatch.StartNew();
        var model = new MLContext(context.Seed).Recommendation().Trainers.MatrixFactorization(options.ToTrainerOptions(context.Seed), recordTrace: false)
            .Fit(new RatingDataView(data.ToMatrix("factorize training events"))).Model;
        context.Data.Metrics.Add(new(StageName, "mf", "train_seconds", trainClock.Elapsed.TotalSeconds));
        context.Data.Metrics.Add(new(StageName, "mf", "training_cells", data.Count));
        context.Data.Set(FactorizeArtifacts.Model, model);
        var builder = new FactorizeOutputBuilder(events, data, model, options);
        context.Data.AddOutput(builder.UserFactors());
        context.Data.AddOutput(builder.ItemFactors());
        cancellationToken.ThrowIfCancellationRequested();
        return data;
    }

    /// <summary>
    /// Candidates and similar users of the users with key % shards == shard, scored against all items and all MF users;
    /// <paramref name="data"/> is the training cells when Prepare ran in this process (else rebuilt from the events).
    /// </summary>
    private static ShardResult Shard(StageContext context, int shard, int shards, Interactions? data, CancellationToken cancellationToken)
    {
        UserShards.Validate(shard, shards);
        var options = context.Data.Require(FactorizeArtifacts.Options);
        var model = context.Data.Require(FactorizeArtifacts.Model);
        var events = context.Data.RequireEvents();
        var cutoff = context.CutoffMs;
        data ??= options.Cells(events, long.MinValue, cutoff);
        var where = shards == 1 ? "" : $" (shard {shard + 1} of {shards})";
        context.ReportProgress(0.7, "scoring candidates" + where);
        var categories = options.CategoryBoost > 0 ? CategoryProfile.Build(events, cutoff, options.Weights(), options.CategoryHalfLifeDays) : null;
        var builder = new FactorizeOutputBuilder(events, data, model, options, categories, shard, shards)
        {
            Progress = (phase, done, total) => context.ReportRows(phase == "similar users" ? 0.85 : 0.7, phase == "similar users" ? 1 : 0.85, phase + where, done, total, "users"),
        };
        var scoreClock = Stopwatch.StartNew();
        var candidates = builder.Candidates();
        var scoreSeconds = scoreClock.Elapsed.TotalSeconds;
        cancellationToken.ThrowIfCancellationRequested();
        var similar = builder.SimilarUsers();
        List<ModelMetric> metrics =
        [
            new(StageName, "mf", "score_seconds", scoreSeconds),
            new(StageName, "mf", "mf_users", builder.ShardMfUsers.Length),
        ];
        List<string> notes = shards == 1 ? [] : [$"factorize: candidates and similar users of {builder.ShardMfUsers.Length} MF users{where}"];
        if (builder.SimilarCheck is { } check)
        {
            // Counts, so a split stage's shards sum to the whole run's (recall = hits / pairs).
            metrics.Add(new(StageName, "similar_users", "exact_pairs", check.Pairs));
            metrics.Add(new(StageName, "similar_users", "exact_hits", check.Hits));
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"factorize: similar users searched among the {check.Pool:N0} MF users with the most cells, not all {check.MfUsers:N0} (option similarUsersPool){where}; against the exact search on {check.Checked:N0} users, {check.Recall:P1} of their exact neighbours were found (similar_users exact_hits / exact_pairs)"));
        }

        return new ShardResult([candidates, similar], metrics, notes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Factorized {Cells} user-item cells; candidates for {Users} MF users, {Rows} rows in {Seconds:F2} s")]
    private partial void LogFactorized(int cells, int users, int rows, double seconds);
}
