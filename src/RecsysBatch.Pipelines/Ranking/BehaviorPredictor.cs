using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// behavior_predictions of the rank stage: per user with an event before the snapshot S, the probability of a purchase
/// (p_purchase) and of any event (p_active) in [S, S + H). Each is an ML.NET FastTree binary classifier on
/// <see cref="BehaviorFeatures"/>, trained on the rows at the anchors S − kH (features from the events before the
/// anchor, label from [anchor, anchor + H)) of 80% of the users and Platt-calibrated (ML.NET's Platt calibrator
/// estimator, fitted on the raw tree score) on the rows of the other 20%. The model written to the table uses the
/// anchors k = 1 … anchors; the one evaluated uses k = 2 … anchors + 1, so its labels end at S − H and the hold-out
/// window [S − H, S) (features before S − H, every user with an event before it) is never trained on. The
/// <see cref="BehaviorBaseline"/> is fitted on the same anchors and evaluated on the same rows. Only events before S
/// are read.
/// </summary>
internal static class BehaviorPredictor
{
    public const string PurchaseModel = "p_purchase";
    public const string ActiveModel = "p_active";

    /// <summary>Fewest positive and fewest negative training rows (and one of each in the calibration slice) to fit a target.</summary>
    public const int MinClassRows = 10;

    /// <summary>Default of <see cref="RankOptions.BehaviorMaxFitUsers"/>: most users whose anchor rows the classifiers are fitted on.</summary>
    public const int DefaultMaxFitUsers = 50_000;

    private const double CalibrationShare = 0.2;
    private const byte TrainRole = 1;
    private const byte CalibrationRole = 2;
    private const int Trees = 50;
    private const string LabelColumn = "Label";
    private const string FeaturesColumn = "Features";

    /// <param name="maxFitUsers">Most users whose anchor rows are fitted on (a seeded sample beyond; all users are scored and evaluated).</param>
    public static BehaviorResult Run(EventTable events, long cutoffMs, int horizonDays, int anchors, int seed, string stage, int maxFitUsers = DefaultMaxFitUsers)
    {
        ArgumentNullException.ThrowIfNull(events);
        var clock = Stopwatch.StartNew();
        var window = horizonDays * Timestamps.MillisPerDay;
        var at = new BehaviorFeatures[anchors + 2];
        at[0] = BehaviorFeatures.Build(events, cutoffMs, cutoffMs);
        for (var k = 1; k < at.Length; k++)
        {
            at[k] = BehaviorFeatures.Build(events, cutoffMs - (k * window), cutoffMs - ((k - 1) * window));
        }

        var roles = UserRoles(events.Users.Count, seed, maxFitUsers);
        var production = at[1..(anchors + 1)].Where(a => a.Rows > 0).ToList();
        var evaluation = at[2..].Where(a => a.Rows > 0).ToList();
        var heldOut = at[1];
        var metrics = new List<ModelMetric>();
        var notes = new List<string>();
        var columns = new Dictionary<string, double[]>();
        var day = DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(cutoffMs));
        var targets = new (string Model, Func<BehaviorFeatures, bool[]> Label)[] { (PurchaseModel, f => f.Purchased), (ActiveModel, f => f.Active) };

        // The four fits (target × written / evaluated model) are independent, each with its own MLContext and one thread.
        var fits = new (Fitted? Model, string? Reason)[targets.Length * 2];
        Parallel.For(0, fits.Length, f => fits[f] = Fit(f % 2 == 0 ? production : evaluation, targets[f / 2].Label, roles, seed));
        for (var t = 0; t < targets.Length; t++)
        {
            var (model, label) = targets[t];
            var (fitted, reason) = fits[2 * t];
            if (fitted is null)
            {
                notes.Add($"{stage}: behavior_predictions: {model} skipped: {reason} at the anchors {Anchors(day, horizonDays, 1, production.Count)}");
                columns[model] = Enumerable.Repeat(double.NaN, at[0].Rows).ToArray();
                continue;
            }

            columns[model] = [.. fitted.Predict(at[0]).Select(p => (double)p)];
            metrics.Add(new(stage, model, "train_rows", fitted.TrainRows));
            metrics.Add(new(stage, model, "train_positives", fitted.TrainPositives));
            metrics.Add(new(stage, model, "calibration_rows", fitted.CalibrationRows));
            metrics.Add(new(stage, model, "train_anchors", production.Count));
            metrics.Add(new(stage, model, "fit_users", Math.Min(events.Users.Count, maxFitUsers)));

            var (held, heldReason) = fits[(2 * t) + 1];
            if (held is null || heldOut.Rows == 0)
            {
                notes.Add($"{stage}: behavior_predictions: {model} not evaluated: {heldReason ?? "no user with an event before the hold-out window"} at the anchors {Anchors(day, horizonDays, 2, evaluation.Count)}");
                continue;
            }

            var truth = label(heldOut).Select(y => y ? 1f : 0f).ToArray();
            metrics.AddRange(BehaviorMetrics.Evaluate(stage, model, held.Predict(heldOut), truth));
            metrics.AddRange(BehaviorMetrics.Evaluate(stage, model + BehaviorBaseline.Suffix, BehaviorBaseline.Fit(evaluation, label).Predict(heldOut), truth));
        }

        var table = columns.Values.All(c => c.All(double.IsNaN))
            ? null
            : new OutputTable(BehaviorTables.BehaviorPredictions,
            [
                new OutputColumn<string>([.. at[0].Users.Select(u => events.Users[u])]),
                new OutputColumn<double>(columns[PurchaseModel]),
                new OutputColumn<double>(columns[ActiveModel]),
                new OutputColumn<int>([.. at[0].Users.Select(_ => horizonDays)]),
            ]);
        if (table is null)
        {
            notes.Add($"{stage}: no behavior_predictions: neither p_purchase nor p_active could be trained");
        }
        else
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{stage}: behavior_predictions for {at[0].Rows} users: FastTree, Platt-calibrated on {CalibrationShare:P0} of the users, trained at {Anchors(day, horizonDays, 1, production.Count)} (labels [anchor, anchor + {horizonDays} d)); evaluated on [{day.AddDays(-horizonDays):yyyy-MM-dd}, {day:yyyy-MM-dd}) with a model trained at {Anchors(day, horizonDays, 2, evaluation.Count)}"));
        }

        metrics.Add(new(stage, "behavior", "scored_users", at[0].Rows));
        metrics.Add(new(stage, "behavior", "seconds", clock.Elapsed.TotalSeconds));
        return new BehaviorResult(table, metrics, notes);
    }

    private static string Anchors(DateOnly snapshot, int horizonDays, int first, int count) =>
        count == 0 ? "(none with users)" : string.Join(", ", Enumerable.Range(first, count).Select(k => snapshot.AddDays(-k * horizonDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Per user key: <see cref="CalibrationRole"/>, <see cref="TrainRole"/>, or 0 (left out of the fits: beyond
    /// <paramref name="maxFitUsers"/> users, a seeded sample keeps the fits' time and memory bounded).
    /// </summary>
    private static byte[] UserRoles(int users, int seed, int maxFitUsers)
    {
        var order = Enumerable.Range(0, users).ToArray();
        new Random(seed).Shuffle(order);
        var used = Math.Min(users, maxFitUsers);
        var calibration = (int)Math.Round(used * CalibrationShare);
        var result = new byte[users];
        for (var k = 0; k < used; k++)
        {
            result[order[k]] = k < calibration ? CalibrationRole : TrainRole;
        }

        return result;
    }

    private static (Fitted? Model, string? Reason) Fit(List<BehaviorFeatures> anchors, Func<BehaviorFeatures, bool[]> label, byte[] roles, int seed)
    {
        var train = new List<Row>();
        var calibration = new List<Row>();
        foreach (var anchor in anchors)
        {
            var y = label(anchor);
            for (var r = 0; r < anchor.Rows; r++)
            {
                var role = roles[anchor.Users[r]];
                if (role != 0)
                {
                    (role == CalibrationRole ? calibration : train).Add(new Row { Label = y[r], Features = anchor.Row(r).ToArray() });
                }
            }
        }

        var positives = train.Count(r => r.Label);
        var calibrationPositives = calibration.Count(r => r.Label);
        if (positives < MinClassRows || train.Count - positives < MinClassRows || calibrationPositives == 0 || calibrationPositives == calibration.Count)
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"{positives} positive and {train.Count - positives} negative training rows ({calibrationPositives} of {calibration.Count} calibration rows positive); it needs {MinClassRows} of each and both in the calibration slice"));
        }

        var ml = new MLContext(seed);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfTrees = Trees,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = 30,
            LearningRate = 0.1,
            // One thread: the same rows and seed give the very same trees on any machine.
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(View(ml, train));
        var platt = ml.BinaryClassification.Calibrators.Platt(LabelColumn, "Score").Fit(model.Transform(View(ml, calibration)));
        return (new Fitted(ml, model.Append(platt), train.Count, positives, calibration.Count), null);
    }

    private static IDataView View(MLContext ml, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, BehaviorFeatures.Width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    /// <summary>A trained classifier with the calibrator fitted on its held-out slice.</summary>
    private sealed class Fitted(MLContext ml, ITransformer treesThenPlatt, int trainRows, int trainPositives, int calibrationRows)
    {
        public int TrainRows => trainRows;

        public int TrainPositives => trainPositives;

        public int CalibrationRows => calibrationRows;

        public float[] Predict(BehaviorFeatures rows)
        {
            var view = View(ml, Enumerable.Range(0, rows.Rows).Select(r => new Row { Features = rows.Row(r).ToArray() }));
            // The calibrator's Probability column replaces the trainer's own (Platt on the training rows).
            return [.. treesThenPlatt.Transform(view).GetColumn<float>("Probability")];
        }
    }
}

/// <summary>What the behaviour models give the rank stage: the table (null when neither target could be trained), metrics and notes.</summary>
internal sealed record BehaviorResult(OutputTable? Table, List<ModelMetric> Metrics, List<string> Notes);
