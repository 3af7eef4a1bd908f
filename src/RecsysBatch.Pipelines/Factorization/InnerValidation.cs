namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The inner validation split of a training set, used only to choose hyper-parameters: it is drawn from the
/// training ratings alone, so the evaluation fold (or the time hold-out) never influences the choice.
/// </summary>
internal static class InnerValidation
{
    /// <summary>Share of the training ratings held out at random for the kfold protocol.</summary>
    public const double RandomShare = 0.1;

    /// <summary>A seeded random <see cref="RandomShare"/> of <paramref name="data"/> as validation, the rest as training.</summary>
    public static (RatingMatrix Train, RatingMatrix Validation) Random(RatingMatrix data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var order = new int[data.Count];
        for (var j = 0; j < order.Length; j++)
        {
            order[j] = j;
        }

        new Random(seed).Shuffle(order);
        var held = new bool[data.Count];
        var count = Math.Max(1, (int)(data.Count * RandomShare));
        for (var j = 0; j < count; j++)
        {
            held[order[j]] = true;
        }

        return (Select(data, held, false, "inner training ratings"), Select(data, held, true, "inner validation ratings"));
    }

    /// <summary>Which users and which items have a rating in <paramref name="train"/>.</summary>
    public static (bool[] Users, bool[] Items) Seen(RatingMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var users = new bool[train.Users];
        var items = new bool[train.Items];
        for (var j = 0; j < train.Count; j++)
        {
            users[train.User[j]] = true;
            items[train.Item[j]] = true;
        }

        return (users, items);
    }

    /// <summary>
    /// RMSE of <paramref name="model"/> on <paramref name="test"/>, predictions clipped to [min, max]; a user or item
    /// not <paramref name="seen"/> in training is scored as unknown (mean plus the known bias), as the time hold-out
    /// does, because its factors are still the random initial ones.
    /// </summary>
    public static double Rmse(FactorModel model, (bool[] Users, bool[] Items) seen, RatingMatrix test, float min, float max)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        double se = 0;
        for (var j = 0; j < test.Count; j++)
        {
            var (u, i) = (test.User[j], test.Item[j]);
            var e = Math.Clamp(model.Score(seen.Users[u] ? u : -1, seen.Items[i] ? i : -1), min, max) - test.Label[j];
            se += e * e;
        }

        return Math.Sqrt(se / test.Count);
    }

    private static RatingMatrix Select(RatingMatrix data, bool[] held, bool keep, string what)
    {
        var count = held.Count(h => h == keep);
        var user = new int[count];
        var item = new int[count];
        var label = new float[count];
        var w = 0;
        for (var j = 0; j < data.Count; j++)
        {
            if (held[j] == keep)
            {
                user[w] = data.User[j];
                item[w] = data.Item[j];
                label[w++] = data.Label[j];
            }
        }

        return new RatingMatrix(data.Users, data.Items, user, item, label, what);
    }
}
