namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The size rule of the nuisance training sets (option nuisanceRowsPerParameter): a model is trained on just enough
/// of its training users that the rarer class keeps that many rows per model parameter (features + intercept). The
/// information of a logistic fit grows with its rarer class, so beyond that the extra rows only cost time. Users are
/// kept by a seeded hash (a user's pairs stay together, the draw does not depend on the row order) with the same
/// probability in both classes, so the model stays calibrated. Every unit is still predicted.
/// </summary>
internal sealed class NuisanceCap
{
    private readonly double[] _draw;
    private readonly int _perParameter;

    /// <param name="user">Per unit, its user.</param>
    /// <param name="perParameter">Rarer-class rows per parameter; 0 keeps every row.</param>
    public NuisanceCap(int[] user, int perParameter, int seed)
    {
        ArgumentNullException.ThrowIfNull(user);
        _perParameter = perParameter;
        _draw = [.. CrossFit.UserFolds(user, int.MaxValue, seed).Select(h => h / (double)int.MaxValue)];
    }

    /// <summary>The rows a model with <paramref name="parameters"/> parameters is trained on (all of them when few enough).</summary>
    public int[] Rows(int[] train, bool[] label, int parameters)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(label);
        var positives = train.Count(r => label[r]);
        var rarer = Math.Min(positives, train.Length - positives);
        var needed = (long)_perParameter * parameters;
        if (_perParameter == 0 || rarer <= needed)
        {
            return train;
        }

        var keep = needed / (double)rarer;
        return [.. train.Where(r => _draw[r] < keep)];
    }
}
