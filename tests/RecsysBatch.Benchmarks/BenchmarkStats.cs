namespace RecsysBatch.Benchmarks;

/// <summary>Small helpers shared by the benchmarks.</summary>
internal static class BenchmarkStats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
