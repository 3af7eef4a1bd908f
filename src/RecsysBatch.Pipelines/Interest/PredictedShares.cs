namespace RecsysBatch.Pipelines.Interest;

/// <summary>Turns row scores into per-user next-window shares and rankings.</summary>
internal static class PredictedShares
{
    /// <summary>Smallest share a candidate keeps, so a score of 0 still orders after the rest.</summary>
    private const double Floor = 1e-6;

    /// <summary>
    /// Per row, the predicted share normalized over the user's candidates: the model score where the user has
    /// enough history (and a model was given), else the category's global popularity.
    /// </summary>
    public static double[] Compute(CandidateRows rows, float[]? scores, CategoryPopulation population)
    {
        var shares = new double[rows.Rows];
        for (var i = 0; i < rows.Users.Count; i++)
        {
            var start = rows.UserRowStart[i];
            var end = rows.UserRowStart[i + 1];
            var useModel = scores is not null && !rows.Population[i];
            var sum = 0.0;
            for (var r = start; r < end; r++)
            {
                shares[r] = Math.Max(Floor, useModel ? scores![r] : population.PopLong[rows.Category[r]]);
                sum += shares[r];
            }

            for (var r = start; r < end; r++)
            {
                shares[r] /= sum;
            }
        }

        return shares;
    }

    /// <summary>
    /// The user's top <paramref name="k"/> categories: candidates with a positive score, highest first (ties: lower
    /// category key), then the most popular categories not yet listed.
    /// </summary>
    public static List<int> TopCategories(CandidateRows rows, int user, Func<int, double> score, CategoryPopulation population, int k)
    {
        var start = rows.UserRowStart[user];
        var end = rows.UserRowStart[user + 1];
        var top = Enumerable.Range(start, end - start)
            .Where(r => score(r) > 0)
            .OrderByDescending(score).ThenBy(r => rows.Category[r])
            .Take(k).Select(r => rows.Category[r]).ToList();
        foreach (var category in population.PopularOrder)
        {
            if (top.Count >= k)
            {
                break;
            }

            if (!top.Contains(category))
            {
                top.Add(category);
            }
        }

        return top;
    }
}
