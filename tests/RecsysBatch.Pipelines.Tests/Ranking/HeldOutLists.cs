namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>Held-out rows shaped like the rank stage's, for the metric and champion tests.</summary>
internal static class HeldOutLists
{
    /// <summary>Each user: one or two positives and ten negatives (the rank stage's held-out lists).</summary>
    public static (float[] Labels, int[] Users) Lists(int users, int seed)
    {
        var random = new Random(seed);
        var labels = new List<float>();
        var owner = new List<int>();
        for (var u = 0; u < users; u++)
        {
            var positives = 1 + random.Next(2);
            for (var k = 0; k < positives + 10; k++)
            {
                labels.Add(k < positives ? 1f : 0f);
                owner.Add(u);
            }
        }

        return ([.. labels], [.. owner]);
    }

    public static float[] RandomScores(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)random.NextDouble())];
    }
}
