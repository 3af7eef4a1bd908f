using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The intermediate tables a shard of the influence stage hands to the fan-in (never published): per treatment and
/// cross-fit fold, the out-of-fold predictions of the fold's units and what each nuisance model was fitted with.
/// Doubles travel bit-exact through the shard checkpoints, so the merged cross-fit is the unsplit one.
/// </summary>
internal static class InfluenceFoldTables
{
    public static readonly TableSchema Predictions = new("influence_fold_predictions",
    [
        new("behavior", ColumnType.String),
        new("fold", ColumnType.Int32),
        new("unit", ColumnType.Int32),
        new("propensity", ColumnType.Double, Nullable: true),
        new("mu1", ColumnType.Double, Nullable: true),
        new("mu0", ColumnType.Double, Nullable: true),
    ]);

    public static readonly TableSchema Fits = new("influence_fold_fits",
    [
        new("behavior", ColumnType.String),
        new("fold", ColumnType.Int32),
        new("kind", ColumnType.String),
        new("learner", ColumnType.String),
        new("logistic_loss", ColumnType.Double, Nullable: true),
        new("tree_loss", ColumnType.Double, Nullable: true),
        new("available_rows", ColumnType.Int64),
        new("train_rows", ColumnType.Int64),
    ]);

    /// <summary>The two tables of the folds a shard fitted, per treatment name.</summary>
    public static OutputTable[] ToTables(IReadOnlyList<(string Behavior, IReadOnlyList<CrossFitFold> Folds)> fitted)
    {
        ArgumentNullException.ThrowIfNull(fitted);
        var folds = fitted.SelectMany(b => b.Folds.Select(f => (b.Behavior, Fold: f))).ToList();
        var units = folds.SelectMany(x => x.Fold.Test.Select((unit, i) => (x.Behavior, x.Fold, Unit: unit, At: i))).ToList();
        var models = folds.SelectMany(x => x.Fold.Choices.Select((choice, m) => (x.Behavior, x.Fold, Choice: choice, Model: m))).ToList();
        return
        [
            new OutputTable(Predictions,
            [
                new OutputColumn<string>([.. units.Select(u => u.Behavior)]),
                new OutputColumn<int>([.. units.Select(u => u.Fold.Fold)]),
                new OutputColumn<int>([.. units.Select(u => u.Unit)]),
                new OutputColumn<double>([.. units.Select(u => u.Fold.Propensity[u.At])]),
                new OutputColumn<double>([.. units.Select(u => u.Fold.Mu1[u.At])]),
                new OutputColumn<double>([.. units.Select(u => u.Fold.Mu0[u.At])]),
            ]),
            new OutputTable(Fits,
            [
                new OutputColumn<string>([.. models.Select(m => m.Behavior)]),
                new OutputColumn<int>([.. models.Select(m => m.Fold.Fold)]),
                new OutputColumn<string>([.. models.Select(m => m.Choice.Kind)]),
                new OutputColumn<string>([.. models.Select(m => m.Choice.Learner.ToString())]),
                new OutputColumn<double>([.. models.Select(m => m.Choice.LogisticLoss)]),
                new OutputColumn<double>([.. models.Select(m => m.Choice.TreeLoss)]),
                new OutputColumn<long>([.. models.Select(m => m.Fold.AvailableRows[m.Model])]),
                new OutputColumn<long>([.. models.Select(m => m.Fold.TrainRows[m.Model])]),
            ]),
        ];
    }

    /// <summary>
    /// The folds of treatment <paramref name="behavior"/> from every shard's tables, in fold order; throws when a
    /// fold's predictions and fits do not match (a shard's tables are incomplete).
    /// </summary>
    public static List<CrossFitFold> FromTables(IEnumerable<OutputTable> tables, string behavior)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var predictions = new Dictionary<int, (List<int> Units, List<double> E, List<double> Mu1, List<double> Mu0)>();
        var fits = new Dictionary<int, (List<NuisanceChoice> Choices, List<long> Available, List<long> Train)>();
        foreach (var table in tables)
        {
            if (table.Name == Predictions.Name)
            {
                var behaviors = table.Column<string>("behavior").Values;
                var folds = table.Column<int>("fold").Values;
                var units = table.Column<int>("unit").Values;
                var e = table.Column<double>("propensity").Values;
                var mu1 = table.Column<double>("mu1").Values;
                var mu0 = table.Column<double>("mu0").Values;
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (behaviors[r] == behavior)
                    {
                        if (!predictions.TryGetValue(folds[r], out var fold))
                        {
                            predictions[folds[r]] = fold = ([], [], [], []);
                        }

                        fold.Units.Add(units[r]);
                        fold.E.Add(e[r]);
                        fold.Mu1.Add(mu1[r]);
                        fold.Mu0.Add(mu0[r]);
                    }
                }
            }
            else if (table.Name == Fits.Name)
            {
                var behaviors = table.Column<string>("behavior").Values;
                var folds = table.Column<int>("fold").Values;
                var kinds = table.Column<string>("kind").Values;
                var learners = table.Column<string>("learner").Values;
                var logistic = table.Column<double>("logistic_loss").Values;
                var tree = table.Column<double>("tree_loss").Values;
                var available = table.Column<long>("available_rows").Values;
                var train = table.Column<long>("train_rows").Values;
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (behaviors[r] == behavior)
                    {
                        if (!fits.TryGetValue(folds[r], out var fold))
                        {
                            fits[folds[r]] = fold = ([], [], []);
                        }

                        fold.Choices.Add(new NuisanceChoice(kinds[r], Enum.Parse<NuisanceLearner>(learners[r]), logistic[r], tree[r]));
                        fold.Available.Add(available[r]);
                        fold.Train.Add(train[r]);
                    }
                }
            }
        }

        if (!predictions.Keys.Order().SequenceEqual(fits.Keys.Order()) || fits.Values.Any(f => f.Choices.Count != NuisanceChoice.Kinds.Count))
        {
            throw new RecsysException($"Stage 'influence': the shards' folds of {behavior} are incomplete (predictions for folds {string.Join(", ", predictions.Keys.Order())}, model fits for folds {string.Join(", ", fits.Keys.Order())}).");
        }

        return [.. predictions.Keys.Order().Select(k => new CrossFitFold(k, [.. predictions[k].Units], [.. predictions[k].E], [.. predictions[k].Mu1], [.. predictions[k].Mu0],
            fits[k].Choices, [.. fits[k].Available], [.. fits[k].Train]))];
    }
}
