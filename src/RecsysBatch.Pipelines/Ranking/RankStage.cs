using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Files;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Evaluation;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Stage "rank": orders the factorize candidates by the champion of an ONNX model honouring pipelines/ranker/contract.json,
/// the MF score and popularity: the best held-out AUC (<see cref="RankChampion"/>), with p_item calibrated on the held-out rows.
/// Training rows at the anchors A_k = S − kH, k = 1 … anchors (inputs from events before A_k, ALS retrained on them
/// with the factorize options; labels from [A_k, A_k + H)), users split into train / validation (early stopping) /
/// test (rows at S − H only; model_metrics: AUC and log-loss of the ranker next to the MF score and popularity on the
/// same rows, and NDCG@10 of each held-out user's rows ordered by each). Too few positive rows end the stage with a
/// note and no recommendations. With retrain the reference network is trained and exported to ONNX (artifacts
/// rank/ranker.onnx); otherwise the model at modelPath is checked against the contract and used. With the option
/// behaviorPredictions (default) it also writes behavior_predictions (<see cref="BehaviorPredictor"/>). Scoring at S uses the factorize model of this run (<see cref="FactorizeArtifacts.Model"/>), refitting at the anchors with the options factorize resolved (<see cref="FactorizeArtifacts.Options"/>).
/// </summary>
internal sealed partial class RankStage : IShardedStage
{
    public const string StageName = "rank";
    public const string ModelFile = "ranker.onnx";
    private const int NdcgDepth = 10;

    /// <summary>User-cluster bootstrap resamples of the ranker − MF AUC interval.</summary>
    private const int BootstrapResamples = 500;

    private readonly ILogger<RankStage> _logger;

    public RankStage(ILogger<RankStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables { get; } = [.. RankTables.All, BehaviorTables.BehaviorPredictions];

    public IReadOnlyList<ArtifactKey> Produces { get; } = [RankArtifacts.Prepared];

    /// <summary>Factorize's model, resolved options and candidates (the lists it re-ranks).</summary>
    public IReadOnlyList<StageInput> Consumes { get; } =
    [
        StageInput.Requires(FactorizeArtifacts.Model),
        StageInput.Requires(FactorizeArtifacts.Options),
        StageInput.Requires(FactorizeTables.Candidates),
    ];

    /// <summary>
    /// The ranker against the MF score and popularity (AUC on the same held-out rows; the champion orders the lists
    /// whatever this says), held-out positives, and each behaviour model against its recency/frequency baseline.
    /// </summary>
    public IReadOnlyList<QualityRule> QualityRules { get; } =
    [
        new BeatsBaselines("ranker", "auc", ["mf", "popularity"]),
        new EnoughSupport("holdout", "positives"),
        new BeatsBaselines(BehaviorPredictor.PurchaseModel, "holdout_auc", [BehaviorPredictor.PurchaseModel + BehaviorBaseline.Suffix]),
        new BeatsBaselines(BehaviorPredictor.ActiveModel, "holdout_auc", [BehaviorPredictor.ActiveModel + BehaviorBaseline.Suffix]),
        new EnoughSupport(BehaviorPredictor.PurchaseModel, "holdout_positives"),
    ];

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Data.UsableEvents(requireItems: true, out var unusable) is not { } events)
        {
            return unusable;
        }

        if (!context.Data.TryGetOutput(FactorizeTables.Candidates.Name, out _))
        {
            return "no candidates: the rank stage re-ranks the factorize stage's candidates (run factorize before rank)";
        }

        var options = context.GetOptions<RankOptions>();
        var horizon = context.HorizonDaysOr(options.HorizonDays);
        var anchor = context.CutoffMs - (horizon * Timestamps.MillisPerDay);
        var factorize = context.Data.Require(FactorizeArtifacts.Options);
        if (!factorize.Cells(events, long.MinValue, anchor).CanFactorize)
        {
            var ready = FactorizableFrom(events, factorize.Weights());
            var days = (context.CutoffMs - ready) / (double)Timestamps.MillisPerDay;
            var most = (int)Math.Ceiling(days) - 1;
            var cause = ready == long.MaxValue
                ? "the source has fewer than 2 users or 2 items with events of a type with a positive factorize weight at all (a factorization needs both)"
                : string.Create(CultureInfo.InvariantCulture,
                    $"2 users and 2 items have events only from {DateTimeOffset.FromUnixTimeMilliseconds(ready).UtcDateTime:yyyy-MM-dd HH:mm}, {days:F1} days before the snapshot: the history is shorter than the horizon ({(most >= 1 ? $"lower horizonDays to at most {most}" : "no horizon of a whole day fits: a later snapshot date --as-of")})");
            return string.Create(CultureInfo.InvariantCulture,
                $"no events of 2 users and 2 items before the training anchor {context.SnapshotDate.AddDays(-horizon):yyyy-MM-dd} (snapshot - {horizon} days) to factorize: {cause}");
        }

        var positives = RankLabelledRows.CountPositives(events, anchor, context.CutoffMs, LabelEvent(options));
        return options.Retrain && positives < options.MinPositives
            ? string.Create(CultureInfo.InvariantCulture,
                $"{positives} (user, item) {options.LabelEvent} pairs in the label window [{context.SnapshotDate.AddDays(-horizon):yyyy-MM-dd}, {context.SnapshotDate:yyyy-MM-dd}); training the ranker needs at least {options.MinPositives} (option minPositives)")
            : null;
    }

    /// <summary>
    /// The earliest time from which the events before it have 2 users and 2 items with a positive factorize weight (what
    /// a factorization needs): the later of the second-earliest first event of a user and of an item; MaxValue: never.
    /// </summary>
    private static long FactorizableFrom(EventTable events, float[] weights)
    {
        var userFirst = new long[events.Users.Count];
        var itemFirst = new long[events.Items.Count];
        Array.Fill(userFirst, long.MaxValue);
        Array.Fill(itemFirst, long.MaxValue);
        for (var e = 0; e < events.Count; e++)
        {
            var item = events.ItemKey[e];
            if (item == EventTable.NoKey || weights[(int)events.Type[e]] <= 0)
            {
                continue;
            }

            var ts = events.TimestampMs[e];
            userFirst[events.UserKey[e]] = Math.Min(userFirst[events.UserKey[e]], ts);
            itemFirst[item] = Math.Min(itemFirst[item], ts);
        }

        return Math.Max(SecondSmallest(userFirst), SecondSmallest(itemFirst));

        static long SecondSmallest(long[] values)
        {
            long first = long.MaxValue, second = long.MaxValue;
            foreach (var v in values)
            {
                if (v < first)
                {
                    (first, second) = (v, first);
                }
                else if (v < second)
                {
                    second = v;
                }
            }

            return second;
        }
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        // One ONNX session for evaluation and scoring: one provider probe, so at most one fallback warning.
        using var scorer = Prepare(context, keepSession: true, cancellationToken);
        var shard = Shard(context, 0, 1, scorer, cancellationToken);
        foreach (var table in shard.Tables)
        {
            context.Data.AddOutput(table);
        }

        context.Data.Metrics.AddRange(shard.Metrics);
        context.Data.Notes.AddRange(shard.Notes);
        context.ReportProgress(1, null);
        var recommendations = shard.Tables.Sum(t => t.RowCount);
        var version = context.Data.Get(RankArtifacts.Prepared)?.Version ?? "no model";
        LogRanked(recommendations, version, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    /// <summary>Training (or loading and checking the imported model), held-out evaluation, behavior predictions.</summary>
    public Task PrepareAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Prepare(context, keepSession: false, cancellationToken)?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Scores the snapshot's candidates of the shard's users and keeps each user's top N.</summary>
    public Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Shard(context, shard, shards, null, cancellationToken));
    }

    /// <summary>Prepare's work; returns the evaluation scorer when asked to keep it (null when no model came out).</summary>
    private RankerScoringTransformer? Prepare(StageContext context, bool keepSession, CancellationToken cancellationToken)
    {
        var options = context.GetOptions<RankOptions>();
        var events = context.Data.RequireEvents();
        _ = context.Data.Require(FactorizeArtifacts.Model);
        _ = context.Data.RequireOutput(FactorizeTables.Candidates);
        var contract = RankerContract.Default;
        var factorize = context.Data.Require(FactorizeArtifacts.Options);
        var execution = new RankerExecutionOptions { Provider = options.Provider, DeviceId = options.DeviceId, BatchSize = options.BatchSize, Threads = factorize.Threads };
        var horizon = context.HorizonDaysOr(options.HorizonDays);
        var anchor = context.CutoffMs - (horizon * Timestamps.MillisPerDay);

        // Load an imported model first: a contract violation must stop the run before any training time is spent.
        byte[]? imported = null;
        if (!options.Retrain)
        {
            if (!File.Exists(ModelPath(context, options)) && !Directory.Exists(ModelPath(context, options)))
            {
                throw new RecsysException($"rank: retrain is false and the model file '{ModelPath(context, options)}' (option modelPath, default {RankOptions.DefaultModelPath} from the pipeline file's folder) does not exist.");
            }

            imported = BoundedFile.ReadAllBytes(ModelPath(context, options), (long)options.MaxModelMegabytes << 20, "rank: ranking model (option modelPath)");
        }

        if (imported is not null)
        {
            using var check = new RankerScoringEstimator(imported, Path.GetFileName(ModelPath(context, options)), contract, execution).Fit(RankerInputView.Empty(contract));
        }

        if (options.BehaviorPredictions)
        {
            // Independent of the ranker (user rows, not candidates): written even when the ranker ends without recommendations.
            context.ReportProgress(0.02, "behavior predictions");
            var behavior = BehaviorPredictor.Run(events, context.CutoffMs, horizon, options.Anchors, context.Seed, StageName, options.BehaviorMaxFitUsers);
            if (behavior.Table is not null)
            {
                context.Data.AddOutput(behavior.Table);
            }

            context.Data.Metrics.AddRange(behavior.Metrics);
            context.Data.Notes.AddRange(behavior.Notes);
            cancellationToken.ThrowIfCancellationRequested();
        }

        context.ReportProgress(0.05, "labelled rows at the training anchor");
        var rows = RankLabelledRows.Build(contract, events, anchor, context.CutoffMs, LabelEvent(options), factorize, options, context.Seed,
            (k, done, total) => context.ReportRows(0.05 + (0.25 * k / options.Anchors), 0.05 + (0.25 * (k + 1) / options.Anchors),
                $"labelled rows at anchor {k + 1} of {options.Anchors}", done, total));
        cancellationToken.ThrowIfCancellationRequested();
        context.Data.Metrics.Add(new(StageName, "ranker", "labelled_users", rows.LabelledUsers));
        context.Data.Metrics.Add(new(StageName, "ranker", "labelled_users_available", rows.LabelledUsersAvailable));
        if (rows.LabelledUsers < rows.LabelledUsersAvailable)
        {
            context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"rank: labelled rows built for {rows.LabelledUsers} of {rows.LabelledUsersAvailable} (user, anchor) pairs with a positive: at most {RankLabelledRows.UsersPerAnchor(options)} users per anchor (option maxLabelledRows {options.MaxLabelledRows}), chosen by a seeded hash of the user"));
        }

        if (imported is null && rows.Positives < options.MinPositives)
        {
            // The positives of the label window mostly fall outside the users' MF candidates (or the users lack history):
            // too few rows to train on. The run goes on without recommendations.
            context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"rank: no recommendations: {rows.Positives} positive rows among the users' MF candidates at the training anchors ({rows.Labels.Length} rows); training needs at least {options.MinPositives} (option minPositives)"));
            context.Data.Metrics.Add(new(StageName, "ranker", "train_positives", rows.Positives));
            return null;
        }

        var test = rows.Select(contract, RankLabelledRows.Test, latestOnly: true);

        var trainSeconds = 0.0;
        string modelVersion;
        byte[] model;
        if (imported is null)
        {
            context.ReportProgress(0.3, "training the reference ranker");
            var train = rows.Select(contract, RankLabelledRows.Train);
            var validation = rows.Select(contract, RankLabelledRows.Validation);
            if (train.Labels.Length == 0 || validation.Labels.Length == 0)
            {
                throw new RecsysException($"rank: {rows.Labels.Length} labelled rows are too few to split into train, validation and test users.");
            }

            var trainClock = Stopwatch.StartNew();
            var (trained, report) = RankerTrainer.Train(contract, train.Rows, train.Labels, validation.Rows, validation.Labels,
                new RankerTrainingOptions { Seed = context.Seed, MaxEpochs = options.MaxEpochs });
            trainSeconds = trainClock.Elapsed.TotalSeconds;
            model = RankerOnnxExporter.Export(trained, contract);
            var path = Path.Combine(context.ArtifactsDirectory, StageName, ModelFile);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, model);
            modelVersion = "reference:" + Digest(model);
            context.Data.Metrics.Add(new(StageName, "ranker", "epochs", report.Epochs));
            context.Data.Metrics.Add(new(StageName, "ranker", "best_epoch", report.BestEpoch));
            context.Data.Metrics.Add(new(StageName, "ranker", "validation_logloss", report.BestValidationLoss));
            context.Data.Metrics.Add(new(StageName, "ranker", "train_rows", train.Labels.Length));
        }
        else
        {
            model = imported;
            modelVersion = "imported:" + Digest(model);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var scorer = new RankerScoringEstimator(model, modelVersion, contract, execution, _logger).Fit(new RankerInputView(contract, test.Rows));
        ScorerCalibration champion;
        bool undecided;
        try
        {
            context.ReportProgress(0.7, "evaluation on held-out users");
            (champion, undecided) = Evaluate(context, rows, test, scorer);
            EvaluateAllWindows(context, rows, rows.Select(contract, RankLabelledRows.Test), scorer);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }

        context.Data.Metrics.Add(new(StageName, "ranker", "train_seconds", trainSeconds));
        context.Data.Set(RankArtifacts.Prepared, new PreparedRanker(model, modelVersion,
            string.Create(CultureInfo.InvariantCulture, $"{(imported is null ? "trained" : "evaluated")} at anchor {context.SnapshotDate.AddDays(-horizon):yyyy-MM-dd} (inputs before it, labels '{options.LabelEvent}' until {context.SnapshotDate:yyyy-MM-dd})"),
            champion, undecided));
        if (keepSession)
        {
            return scorer;
        }

        scorer.Dispose();
        return null;
    }

    /// <summary>The shard's scoring, with the given scorer or (null) a new one on this machine's provider.</summary>
    private ShardResult Shard(StageContext context, int shard, int shards, RankerScoringTransformer? shared, CancellationToken cancellationToken)
    {
        UserShards.Validate(shard, shards);
        if (context.Data.Get(RankArtifacts.Prepared) is not { } prepared)
        {
            return new ShardResult([], [], []); // prepare ended without a model (too few positives): noted there
        }

        var options = context.GetOptions<RankOptions>();
        var events = context.Data.RequireEvents();
        var snapshotModel = context.Data.Require(FactorizeArtifacts.Model);
        var candidates = context.Data.RequireOutput(FactorizeTables.Candidates);
        var factorize = context.Data.Require(FactorizeArtifacts.Options);
        var contract = RankerContract.Default;
        var execution = new RankerExecutionOptions { Provider = options.Provider, DeviceId = options.DeviceId, BatchSize = options.BatchSize, Threads = factorize.Threads };
        using var own = shared is null ? new RankerScoringEstimator(prepared.Model, prepared.Version, contract, execution, _logger).Fit(RankerInputView.Empty(contract)) : null;
        var scorer = shared ?? own!;
        context.ReportProgress(0.8, shards == 1 ? "scoring the snapshot's candidates" : $"scoring shard {shard + 1} of {shards}");
        var scoreClock = Stopwatch.StartNew();
        // Built only when the ranker orders the lists (its features and sequences at S are a pass over the log).
        RankRowFiller Filler() => new(contract, events, context.CutoffMs, snapshotModel);
        var popularity = prepared.Calibration.Scorer == RankChampion.Popularity
            ? factorize.Cells(events, long.MinValue, context.CutoffMs).Popularity
            : [];
        var userProbability = RankUserProbability.From(context.Data, events, LabelEvent(options));
        var phase = shards == 1 ? "scoring candidates" : $"scoring candidates of shard {shard + 1} of {shards}";
        var (table, scored) = RankRecommendations.Build(candidates, events, Filler, scorer, prepared, popularity, u => userProbability[u], options.TopN,
            user => user % shards == shard, (done, total) => context.ReportRows(0.8, 0.99, phase, done, total, "candidates"));
        cancellationToken.ThrowIfCancellationRequested();
        var where = shards == 1 ? "" : $" (shard {shard + 1} of {shards})";
        ModelMetric[] metrics =
        [
            new(StageName, "ranker", "score_seconds", scoreClock.Elapsed.TotalSeconds),
            new(StageName, "ranker", "scored_rows", scored),
            new(StageName, "ranker", "provider_" + scorer.Session.Provider.Split(':')[0], 1),
        ];
        string[] notes = [string.Create(CultureInfo.InvariantCulture, $"rank: {prepared.Version} on {scorer.Session.Provider}; {prepared.Training}; {scored} candidates scored{where}, ordered by {prepared.Calibration.Scorer}{(prepared.Undecided ? " (undecided)" : "")}")];
        return new ShardResult([table], metrics, notes);
    }

    /// <summary>
    /// The same held-out users (never trained on) at every anchor, each anchor's label window scored on its own (the MF
    /// scores of different anchors come from different ALS models, so they are not pooled): the mean of the per-window
    /// AUCs, over several times the rows of the latest window alone, is a less noisy comparison of the ranker with MF
    /// and popularity (metric auc_mean_windows).
    /// </summary>
    private static void EvaluateAllWindows(StageContext context, RankLabelledRows rows, (RankerBatch Rows, float[] Labels, int[] Index) test, RankerScoringTransformer scorer)
    {
        var labels = test.Labels;
        var ranker = labels.Length == 0 ? [] : scorer.Score(test.Rows);
        var windows = Enumerable.Range(0, labels.Length).GroupBy(r => rows.Anchor[test.Index[r]])
            .Where(w => w.Any(r => labels[r] > 0) && w.Any(r => labels[r] == 0))
            .Select(w => w.ToArray()).ToList();
        context.Data.Metrics.Add(new(StageName, "holdout", "windows", windows.Count));
        context.Data.Metrics.Add(new(StageName, "holdout", "positives_all_windows", windows.Sum(w => w.Count(r => labels[r] > 0))));
        if (windows.Count == 0)
        {
            return;
        }

        foreach (var (model, score) in new (string, Func<int, float>)[]
        {
            ("ranker", r => ranker[r]),
            ("mf", r => rows.MfScore[test.Index[r]]),
            ("popularity", r => rows.Popularity[test.Index[r]]),
        })
        {
            var mean = windows.Average(w => Metrics.Auc([.. w.Select(score)], [.. w.Select(r => labels[r])]));
            context.Data.Metrics.Add(new(StageName, model, "auc_mean_windows", mean));
        }
    }

    /// <summary>Held-out metrics and the champion (<see cref="RankChampion"/>) with its calibration on the same rows.</summary>
    private static (ScorerCalibration Champion, bool Undecided) Evaluate(
        StageContext context, RankLabelledRows rows, (RankerBatch Rows, float[] Labels, int[] Index) test, RankerScoringTransformer scorer)
    {
        var labels = test.Labels;
        context.Data.Metrics.Add(new(StageName, "holdout", "rows", labels.Length));
        context.Data.Metrics.Add(new(StageName, "holdout", "positives", labels.Count(l => l > 0)));
        if (labels.Length == 0)
        {
            // No held-out rows to compare on: the default preference, calibrated on the labelled rows of all users
            // (the MF scores come from factors fitted before each anchor, never on its labels).
            var fallback = ScorerCalibration.Fit(RankChampion.Preference[0], rows.MfScore, rows.Labels, rows.Weight);
            context.Data.Metrics.Add(new(StageName, RankChampionReport.Model, "undecided", 1));
            context.Data.Notes.Add($"rank: no held-out users at the training anchor: no evaluation metrics; recommendations ordered by {fallback.Scorer} (undecided, the default preference)");
            return (fallback, true);
        }

        var ranker = scorer.Score(test.Rows);
        var mf = test.Index.Select(r => rows.MfScore[r]).ToArray();
        var popularity = test.Index.Select(r => rows.Popularity[r]).ToArray();
        context.Data.Metrics.Add(new(StageName, "ranker", "auc", Metrics.Auc(ranker, labels)));
        context.Data.Metrics.Add(new(StageName, "ranker", "logloss", Metrics.LogLoss(ranker, labels, Metrics.FloatClip)));
        context.Data.Metrics.Add(new(StageName, "mf", "auc", Metrics.Auc(mf, labels)));
        context.Data.Metrics.Add(new(StageName, "popularity", "auc", Metrics.Auc(popularity, labels)));

        // Each held-out user's labelled rows (positives and sampled negatives among the MF candidates) as one list.
        var users = test.Index.Select(r => rows.User[r]).ToArray();

        // Is the ranker better than MF on these users, or is the held-out set too small to tell?
        var (difference, low, high) = RankMetrics.PairedAucDifference(ranker, mf, labels, users, BootstrapResamples, context.Seed);
        context.Data.Metrics.Add(new(StageName, "ranker_vs_mf", "auc_difference", difference));
        context.Data.Metrics.Add(new(StageName, "ranker_vs_mf", "auc_difference_ci_low", low));
        context.Data.Metrics.Add(new(StageName, "ranker_vs_mf", "auc_difference_ci_high", high));
        if (low <= 0 && high >= 0)
        {
            context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"rank: held-out AUC ranker − MF = {difference:+0.000;-0.000} [95% CI {low:+0.000;-0.000}, {high:+0.000;-0.000}] over {users.Distinct().Count()} users ({labels.Count(l => l > 0)} positives): the held-out set cannot tell them apart; see auc_mean_windows"));
        }
        foreach (var (model, scores) in new[] { ("ranker", ranker), ("mf", mf), ("popularity", popularity) })
        {
            var (ndcg, listed) = ListNdcg.Mean(scores, labels, users, NdcgDepth);
            context.Data.Metrics.Add(new(StageName, model, "ndcg@10", ndcg));
            if (model == "ranker")
            {
                context.Data.Metrics.Add(new(StageName, "holdout", "users", listed));
            }
        }

        var scorers = new Dictionary<string, float[]> { [RankChampion.Ranker] = ranker, [RankChampion.Mf] = mf, [RankChampion.Popularity] = popularity };
        var choice = RankChampion.Choose(scorers, labels, users, BootstrapResamples, context.Seed);
        var calibration = ScorerCalibration.Fit(choice.Scorer, scorers[choice.Scorer], labels, [.. test.Index.Select(r => rows.Weight[r])]);
        RankChampionReport.Add(context, StageName, choice, calibration, users.Distinct().Count(), labels.Count(l => l > 0));
        RankCalibrationMetrics.Add(context.Data.Metrics, StageName, calibration, scorers[choice.Scorer], labels, [.. test.Index.Select(r => rows.Weight[r])]);
        return (calibration, choice.Undecided);
    }

    private static string ModelPath(StageContext context, RankOptions options) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.ModelPath) ? RankOptions.DefaultModelPath : options.ModelPath,
            Path.GetDirectoryName(Path.GetFullPath(context.Pipeline.FilePath)) ?? ".");

    private static EventType LabelEvent(RankOptions options) => options.LabelEvent switch
    {
        "cart" => EventType.Cart,
        "click" => EventType.Click,
        "view" => EventType.View,
        _ => EventType.Purchase,
    };

    private static string Digest(byte[] model) => Convert.ToHexStringLower(SHA256.HashData(model))[..12];

    [LoggerMessage(Level = LogLevel.Information, Message = "Ranked: {Rows} recommendations with {Model} in {Seconds:F2} s")]
    private partial void LogRanked(int rows, string model, double seconds);
}
