namespace RecsysBatch.Pipelines.Interest;

/// <summary>Per user, the share of weighted engagement per category in the window [T, T + W) (the training/evaluation label).</summary>
internal static class NextWindowLabels
{
    /// <summary>One dictionary per user (null: no categorized event in the window).</summary>
    public static Dictionary<int, double>?[] Build(UserEventIndex index, InterestWindows windows)
    {
        var labels = new Dictionary<int, double>?[index.Users];
        for (var u = 0; u < index.Users; u++)
        {
            Dictionary<int, double>? shares = null;
            var total = 0.0;
            for (var e = index.UserStart[u]; e < index.UserStart[u + 1]; e++)
            {
                var ts = index.TimestampMs[e];
                if (ts < windows.AnchorMs || ts >= windows.NextEndMs)
                {
                    continue;
                }

                shares ??= [];
                var category = index.Category[e];
                shares[category] = shares.GetValueOrDefault(category) + index.Weight[e];
                total += index.Weight[e];
            }

            if (shares is not null)
            {
                foreach (var category in shares.Keys)
                {
                    shares[category] /= total;
                }

                labels[u] = shares;
            }
        }

        return labels;
    }
}
