namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The judged users a hold-out (or the λ/α search) scores: all of them up to a cap, above it a seeded uniform sample
/// of cap users, kept in ascending key order. Each judged user costs a pass over the whole catalogue (and the item-kNN
/// baseline's cost per user grows with the number of users), so without a cap evaluation grows faster than the events.
/// A uniform sample of n users estimates a mean recall with a standard error of at most 0.5/√n (0.005 at 10,000).
/// </summary>
internal static class EvaluationSample
{
    /// <summary>The first <paramref name="cap"/> keys of a seeded shuffle of the users, re-sorted; all of them when cap is 0 or not exceeded.</summary>
    public static (List<int> Users, List<int[]> Relevant) Take(List<int> users, List<int[]> relevant, int cap, int seed)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(relevant);
        if (cap <= 0 || users.Count <= cap)
        {
            return (users, relevant);
        }

        var order = Enumerable.Range(0, users.Count).ToArray();
        var random = new Random(seed);
        for (var j = 0; j < cap; j++)
        {
            var pick = random.Next(j, order.Length);
            (order[j], order[pick]) = (order[pick], order[j]);
        }

        var chosen = order[..cap];
        Array.Sort(chosen);
        return ([.. chosen.Select(r => users[r])], [.. chosen.Select(r => relevant[r])]);
    }
}
