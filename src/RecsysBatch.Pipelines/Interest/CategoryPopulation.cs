namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// What all users did before anchor T: category popularity (long-term window, and the last next-window-length
/// stretch) and the switch probabilities P(next category b | category a) between consecutive events of a user.
/// Learned only from events before T, so features built from it never see the labels.
/// </summary>
internal sealed class CategoryPopulation
{
    /// <summary>Successors kept per category: enough for candidates and the transition features, bounded in memory.</summary>
    public const int MaxSuccessors = 30;

    /// <summary>Length of <see cref="PopularOrder"/>: the popularity fill of every ranking.</summary>
    public const int PopularCount = 50;

    public CategoryPopulation(double[] popLong, double[] popLast, int[] popularOrder, (int[] Next, double[] P)[] successors)
    {
        PopLong = popLong;
        PopLast = popLast;
        PopularOrder = popularOrder;
        Successors = successors;
    }

    /// <summary>Share of all users' weighted engagement in the long-term window per category (no decay).</summary>
    public double[] PopLong { get; }

    /// <summary>Share per category over [T - W, T): the most recent popularity.</summary>
    public double[] PopLast { get; }

    /// <summary>Categories by <see cref="PopLong"/> descending (ties: lower key first), at most <see cref="PopularCount"/>.</summary>
    public int[] PopularOrder { get; }

    public (int[] Next, double[] P)[] Successors { get; }

    public static CategoryPopulation Build(UserEventIndex index, InterestWindows windows)
    {
        var popLong = new double[index.Categories];
        var popLast = new double[index.Categories];
        var switches = new Dictionary<int, Dictionary<int, double>>();
        for (var u = 0; u < index.Users; u++)
        {
            var previous = -1;
            for (var e = index.UserStart[u]; e < index.UserStart[u + 1]; e++)
            {
                var ts = index.TimestampMs[e];
                if (ts < windows.LongStartMs || ts >= windows.AnchorMs)
                {
                    continue;
                }

                var category = index.Category[e];
                popLong[category] += index.Weight[e];
                if (ts >= windows.LastWindowStartMs)
                {
                    popLast[category] += index.Weight[e];
                }

                if (previous >= 0 && previous != category)
                {
                    if (!switches.TryGetValue(previous, out var row))
                    {
                        row = [];
                        switches.Add(previous, row);
                    }

                    row[category] = row.GetValueOrDefault(category) + 1;
                }

                previous = category;
            }
        }

        Normalize(popLong);
        Normalize(popLast);
        var order = Enumerable.Range(0, index.Categories)
            .Where(c => popLong[c] > 0)
            .OrderByDescending(c => popLong[c]).ThenBy(c => c)
            .Take(PopularCount).ToArray();
        var successors = new (int[] Next, double[] P)[index.Categories];
        for (var c = 0; c < successors.Length; c++)
        {
            successors[c] = ([], []);
        }

        foreach (var (from, row) in switches)
        {
            var total = row.Values.Sum();
            var top = row.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(MaxSuccessors).ToArray();
            successors[from] = ([.. top.Select(p => p.Key)], [.. top.Select(p => p.Value / total)]);
        }

        return new CategoryPopulation(popLong, popLast, order, successors);
    }

    private static void Normalize(double[] values)
    {
        var sum = values.Sum();
        if (sum > 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= sum;
            }
        }
    }
}
