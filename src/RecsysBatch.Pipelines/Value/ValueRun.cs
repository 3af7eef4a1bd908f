using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// The computation of the value stage, by time discipline. Hold-out: the probabilistic model is fitted as of S − H;
/// the learned model is trained on anchors S − 2H, S − 3H, ... (features before the anchor t, labels [t, t + H)) and
/// applied as of S − H; all are scored on [S − H, S) next to the baseline (the value of [S − 2H, S − H) carried
/// forward). Scoring: the probabilistic model is refitted as of S; the learned model is trained on anchors S − H,
/// S − 2H, ... and applied as of S.
/// </summary>
internal sealed class ValueRun
{
    public const string BaselineName = "baseline";
    public const string ChosenName = "chosen";

    private readonly EventTable _events;
    private readonly PurchaseLog _log;
    private readonly ValueSettings _settings;
    private readonly MLContext _ml;
    private readonly Dictionary<int, ValueAnchor> _anchors = [];

    private readonly Action<int, int>? _fitted;

    /// <param name="fitted">Progress: called with the anchors fitted so far and their most (the training anchors, S − H and S).</param>
    public ValueRun(EventTable events, PurchaseLog log, ValueSettings settings, Action<int, int>? fitted = null)
    {
        _events = events;
        _log = log;
        _settings = settings;
        _ml = new MLContext(settings.Seed);
        _fitted = fitted;
    }

    public List<ModelMetric> Metrics { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>
    /// True when the BG/NBD fit of the hold-out or of the scoring anchor is degenerate: bgnbd and blend are then not
    /// eligible for predicted_value (their figures stay in model_metrics for comparison).
    /// </summary>
    public bool BgNbdExcluded { get; private set; }

    /// <summary>Evaluates bgnbd, learned, blend and the baseline on [S − H, S); returns the model chosen.</summary>
    public string Evaluate(int snapshotDay, string forced, string selectBy, string stage)
    {
        var h = _settings.HorizonDays;
        var (model, trainRows) = Train(snapshotDay - h);
        var held = Anchor(snapshotDay - h);
        BgNbdExcluded = held.Fit.BgNbd.Degenerate || Anchor(snapshotDay).Fit.BgNbd.Degenerate;
        var actual = _log.WindowValue(held.Fit.Rfm.UserKeys, snapshotDay - h, snapshotDay, _settings.Revenue);
        var baseline = _log.WindowValue(held.Fit.Rfm.UserKeys, snapshotDay - (2 * h), snapshotDay - h, _settings.Revenue);
        var candidates = new ValuePredictions(held.Fit.PredictedValue, model is null ? null : LearnedValueModel.Predict(_ml, model, held.Features));
        Metrics.Add(new(stage, LearnedValueModel.Name, "holdout_train_rows", trainRows));
        Metrics.Add(new(stage, ValuePredictions.BgNbdName, "holdout_fit_log_likelihood", held.Fit.BgNbd.LogLikelihood));
        Metrics.Add(new(stage, ValuePredictions.BgNbdName, "holdout_customers", held.Fit.Rfm.Count));

        var scores = new List<(string Key, double Value)>();
        foreach (var name in new[] { ValuePredictions.BgNbdName, LearnedValueModel.Name, ValuePredictions.BlendName })
        {
            if (candidates.Get(name) is { } predicted)
            {
                Metrics.AddRange(ValueEvaluation.Evaluate(stage, name, predicted, actual));
                if (BgNbdExcluded && name != LearnedValueModel.Name)
                {
                    continue;
                }

                scores.Add((name, selectBy == "spearman" ? ValueMetrics.Spearman(predicted, actual) : ValueMetrics.NormalizedGini(predicted, actual)));
            }
        }

        Metrics.AddRange(ValueEvaluation.Evaluate(stage, BaselineName, baseline, actual));
        if (model is null)
        {
            Notes.Add($"value: the learned model was not trained for the hold-out (fewer than {LearnedValueModel.MinPositiveRows} customers with a positive target in the training windows)");
        }

        if (forced != "auto" && !scores.Exists(s => s.Key == forced) && BgNbdExcluded)
        {
            Notes.Add($"value: option model {forced} not used: the BG/NBD fit is degenerate");
        }

        if (scores.Count == 0)
        {
            Notes.Add("value: WARNING no model may fill predicted_value (BG/NBD degenerate, learned model not trained): the last horizon's value carried forward (model baseline) is published");
            Metrics.AddRange(ValueEvaluation.Evaluate(stage, ChosenName, baseline, actual));
            return BaselineName;
        }

        // Ties and NaN (a constant prediction) keep the earlier, simpler model.
        var chosen = forced != "auto" && scores.Exists(s => s.Key == forced)
            ? forced
            : scores.Aggregate((best, next) => next.Value > best.Value || double.IsNaN(best.Value) ? next : best).Key;
        Metrics.AddRange(ValueEvaluation.Evaluate(stage, ChosenName, candidates.Get(chosen)!, actual));
        return chosen;
    }

    /// <summary>
    /// Scores as of S (the fit's clv is not computed: see <see cref="ValueStage"/>'s shards): the predictions of the chosen model; when the learned model cannot be trained now, bgnbd, or
    /// the baseline (the value of [S − H, S) carried forward) when BG/NBD is excluded.
    /// </summary>
    public (ProbabilisticScores Fit, double[] Predicted, string Model, ITransformer? Learned) Score(int snapshotDay, string chosen)
    {
        var now = Anchor(snapshotDay);
        var carried = _log.WindowValue(now.Fit.Rfm.UserKeys, snapshotDay - _settings.HorizonDays, snapshotDay, _settings.Revenue);
        if (chosen == BaselineName)
        {
            return (now.Fit, carried, BaselineName, null);
        }

        var (model, trainRows) = chosen == ValuePredictions.BgNbdName ? (null, 0) : Train(snapshotDay);
        Metrics.Add(new(ValueStage.StageName, LearnedValueModel.Name, "train_rows", trainRows));
        var learned = model is null ? null : LearnedValueModel.Predict(_ml, model, now.Features);
        if (new ValuePredictions(now.Fit.PredictedValue, learned).Get(chosen) is { } predicted)
        {
            return (now.Fit, predicted, chosen, model);
        }

        if (BgNbdExcluded)
        {
            Notes.Add($"value: WARNING {chosen} won the hold-out but the learned model could not be trained as of the snapshot and BG/NBD is degenerate; baseline used");
            return (now.Fit, carried, BaselineName, null);
        }

        Notes.Add($"value: {chosen} won the hold-out but the learned model could not be trained as of the snapshot; bgnbd used");
        return (now.Fit, now.Fit.PredictedValue, ValuePredictions.BgNbdName, null);
    }

    /// <summary>Trains the learned model for scoring as of <paramref name="applyDay"/> on the anchors applyDay − kH, k = 1..K.</summary>
    private (ITransformer? Model, int Rows) Train(int applyDay)
    {
        var h = _settings.HorizonDays;
        var features = new List<float[]>();
        var labels = new List<double>();
        for (var k = 1; k <= _settings.TrainingAnchors; k++)
        {
            var day = applyDay - (k * h);
            if (k > 1 && RfmSummary.At(_log, day, _settings.UnitDays).Count < _settings.MinCustomers)
            {
                break;
            }

            var anchor = Anchor(day);
            features.AddRange(anchor.Features);
            labels.AddRange(_log.WindowValue(anchor.Fit.Rfm.UserKeys, day, day + h, _settings.Revenue));
        }

        return (LearnedValueModel.Train(_ml, [.. features], [.. labels], _settings.Trees), labels.Count);
    }

    /// <summary>The fit and features as of <paramref name="day"/>, without clv: the scoring shards compute it per customer.</summary>
    private ValueAnchor Anchor(int day)
    {
        if (_anchors.TryGetValue(day, out var cached))
        {
            return cached;
        }

        var fit = ProbabilisticScores.Fit(_log, day, _settings);
        var anchor = new ValueAnchor(day, fit, ValueFeatures.Build(_events, _log, fit, day, _settings));
        _anchors[day] = anchor;
        _fitted?.Invoke(_anchors.Count, _settings.TrainingAnchors + 2);
        return anchor;
    }
}
