using System.Diagnostics;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// The weighted-ALS kernels alone on N synthetic cells: one sweep (user then item half-sweep of
/// <see cref="AlsRowSolver"/>, conjugate-gradient row solves) and one exact user solve (<see cref="ExactUserSolver"/>,
/// Cholesky per user), each repeated; median wall and process CPU seconds (user+sys) per repetition, after one warm-up.
/// </summary>
internal static class AlsSweepBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var users = (int)options.GetLong("users", 43_500);
        var items = (int)options.GetLong("items", 20_000);
        var cells = options.GetLong("nnz", 2_000_000);
        var rank = (int)options.GetLong("rank", 32);
        var threads = (int)options.GetLong("threads", 2);
        var runs = (int)options.GetLong("runs", 5);
        var data = SyntheticRatings.Implicit(users, items, cells, seed: 7);
        var byUser = SparseRows.Build(data.Users, data.User, data.Item, data.Label);
        var byItem = byUser.Transpose(data.Items);
        var settings = new MatrixFactorizationOptions
        {
            LossFunction = MfLossFunction.SquareLossOneClass,
            ApproximationRank = rank,
            NumberOfThreads = threads,
        };
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(7);
        var x = new float[users * stride];
        var y = new float[items * stride];
        FactorMath.Initialize(x, users, rank, stride, settings.InitialScale, random);
        FactorMath.Initialize(y, items, rank, stride, settings.InitialScale, random);
        var solver = new AlsRowSolver(settings, stride);
        Console.WriteLine($"{byUser.Count:N0} distinct cells ({users:N0} users × {items:N0} items), rank {rank} (stride {stride}), {threads} threads, {settings.ConjugateGradientSteps} CG steps, {runs} runs");

        var sweep = Time(runs, () =>
        {
            solver.SolveAll(byUser, x, y, items);
            solver.SolveAll(byItem, y, x, users);
        });
        Report("sweep", sweep);
        var exact = Time(runs, () => new ExactUserSolver(y, items, rank, stride, settings.Lambda, settings.Alpha, settings.C).SolveAll(byUser, x, threads));
        Report("exact user solve", exact);
        return 0;
    }

    private static (List<double> Wall, List<double> Cpu) Time(int runs, Action action)
    {
        action();
        var wall = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            wall.Add(clock.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        return (wall, cpu);
    }

    private static void Report(string what, (List<double> Wall, List<double> Cpu) times) =>
        Console.WriteLine($"{what}: median {BenchmarkStats.Median(times.Wall):F3} s wall, {BenchmarkStats.Median(times.Cpu):F3} s CPU (runs {string.Join(' ', times.Wall.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))})");
}
