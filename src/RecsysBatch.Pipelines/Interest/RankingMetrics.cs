namespace RecsysBatch.Pipelines.Interest;

/// <summary>Binary-relevance ranking metrics of a top-k list against the set of categories the user engaged with.</summary>
internal static class RankingMetrics
{
    /// <summary>DCG of the list over the ideal DCG of min(k, |relevant|) hits at the top.</summary>
    public static double NdcgAt(IReadOnlyList<int> ranked, IReadOnlyCollection<int> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return dcg / ideal;
    }

    /// <summary>Share of the relevant categories that are in the top k.</summary>
    public static double RecallAt(IReadOnlyList<int> ranked, IReadOnlyCollection<int> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
            }
        }

        return hits / (double)relevant.Count;
    }
}
