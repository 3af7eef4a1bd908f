using System.Diagnostics;
using Microsoft.ML;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Explicit SGD on N synthetic ratings, fitted as the stages fit it (the MatrixFactorization estimator over a
/// RatingDataView); per-epoch seconds from the training trace, median over the
/// epochs, and ratings/s. Default shape is MovieLens-10M-like (10M ratings, 71,567 users, 10,681 items).
/// Reference (issue 3): LIBMF ≈ 0.33 s/epoch at rank 32 on 2 threads.
/// </summary>
internal static class MfSgdBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var ratings = options.GetLong("ratings", 10_000_000);
        var users = (int)options.GetLong("users", 71_567);
        var items = (int)options.GetLong("items", 10_681);
        var rank = (int)options.GetLong("rank", 32);
        var threads = (int)options.GetLong("threads", 2);
        var epochs = (int)options.GetLong("epochs", 10);
        var clock = Stopwatch.StartNew();
        var data = SyntheticRatings.Explicit(users, items, ratings, seed: 7);
        Console.WriteLine($"generated {data.Count:N0} ratings ({users:N0} users × {items:N0} items) in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"rank {rank}, {threads} threads, {epochs} epochs, {Environment.ProcessorCount} cores");

        clock.Restart();
        var estimator = new MLContext(7).Recommendation().Trainers.MatrixFactorization(new MatrixFactorizationOptions
        {
            LossFunction = MfLossFunction.SquareLossRegression,
            ApproximationRank = rank,
            NumberOfIterations = epochs,
            NumberOfThreads = threads,
        });
        estimator.Fit(new RatingDataView(data));
        var trace = estimator.LastTrace!;
        var total = clock.Elapsed.TotalSeconds;
        for (var e = 0; e < epochs; e++)
        {
            Console.WriteLine($"epoch {e + 1}: {trace.Seconds[e]:F3} s, train RMSE {trace.Loss[e]:F4}");
        }

        var median = BenchmarkStats.Median(trace.Seconds);
        Console.WriteLine($"median: {median:F3} s/epoch = {data.Count / median / 1e6:F1} M ratings/s " +
            $"(train total incl. grid build {total:F2} s; LIBMF reference ≈ 0.33 s/epoch)");
        return 0;
    }
}
