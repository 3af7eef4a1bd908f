namespace RecsysBatch.Pipelines.Value;

/// <summary>Tiers by rank of predicted value: A the top share, B the next share, C the rest (ties by user id).</summary>
internal static class ValueTiers
{
    public static string[] Assign(IReadOnlyList<double> predicted, IReadOnlyList<string> userIds, double aShare, double bShare)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(userIds);
        var n = predicted.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => predicted[i]).ThenBy(i => userIds[i], StringComparer.Ordinal).ToArray();
        var aCount = (int)Math.Round(n * aShare, MidpointRounding.AwayFromZero);
        var bCount = (int)Math.Round(n * Math.Min(1, aShare + bShare), MidpointRounding.AwayFromZero);
        var tiers = new string[n];
        for (var k = 0; k < n; k++)
        {
            tiers[order[k]] = k < aCount ? "A" : k < bCount ? "B" : "C";
        }

        return tiers;
    }
}
