using System.Diagnostics;
using Microsoft.ML;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Implicit weighted ALS (conjugate-gradient row solves) on N synthetic cells, fitted as the stages fit it (the
/// MatrixFactorization estimator over a RatingDataView); seconds per
/// iteration (both half-sweeps, objective excluded) from the training trace, median over the iterations.
/// </summary>
internal static class MfAlsBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var cells = options.GetLong("cells", 5_000_000);
        var users = (int)options.GetLong("users", 200_000);
        var items = (int)options.GetLong("items", 50_000);
        var rank = (int)options.GetLong("rank", 32);
        var threads = (int)options.GetLong("threads", 2);
        var iterations = (int)options.GetLong("iterations", 5);
        var data = SyntheticRatings.Implicit(users, items, cells, seed: 7);
        Console.WriteLine($"{data.Count:N0} cells ({users:N0} users × {items:N0} items), rank {rank}, {threads} threads, {iterations} iterations");

        var clock = Stopwatch.StartNew();
        var estimator = new MLContext(7).Recommendation().Trainers.MatrixFactorization(new MatrixFactorizationOptions
        {
            LossFunction = MfLossFunction.SquareLossOneClass,
            ApproximationRank = rank,
            NumberOfIterations = iterations,
            NumberOfThreads = threads,
        });
        estimator.Fit(new RatingDataView(data));
        var trace = estimator.LastTrace!;
        var total = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < iterations; i++)
        {
            Console.WriteLine($"iteration {i + 1}: {trace.Seconds[i]:F3} s, objective {trace.Loss[i]:E4}");
        }

        var median = BenchmarkStats.Median(trace.Seconds);
        Console.WriteLine($"median: {median:F3} s/iteration = {data.Count / median / 1e6:F2} M cells/s (train total incl. objectives {total:F2} s)");
        return 0;
    }
}
