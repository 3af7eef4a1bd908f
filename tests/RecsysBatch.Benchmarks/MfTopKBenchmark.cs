using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Top-K scoring of every user against every item, SIMD (TopKScorer with the tile it picks on this machine, and with
/// the portable Vector&lt;float&gt; tile when that differs) against ONNX Runtime (OnnxTopKScorer: MatMul + mask Add +
/// TopK; --batch 0 leaves it out), on random factors with a few seen items per user excluded. Reports median seconds,
/// GFLOP/s of the user × item product (2·U·I·r / s) as a share of the machine's nominal and measured peaks
/// (<see cref="MachinePeak"/>), CPU seconds, and the ratio ONNX / SIMD.
/// </summary>
internal static class MfTopKBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var users = (int)options.GetLong("users", 100_000);
        var items = (int)options.GetLong("items", 50_000);
        var rank = (int)options.GetLong("rank", 32);
        var k = (int)options.GetLong("k", 100);
        var seen = (int)options.GetLong("seen", 20);
        var threads = (int)options.GetLong("threads", 2);
        var runs = (int)options.GetLong("runs", 3);
        var batches = options.Get("batch", OnnxTopKScorer.DefaultBatch.ToString(CultureInfo.InvariantCulture))
            .Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).Where(b => b > 0).ToArray();
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(3);
        var left = new float[users * stride];
        var right = new float[items * stride];
        FactorMath.Initialize(left, users, rank, stride, 0.3, random);
        FactorMath.Initialize(right, items, rank, stride, 0.3, random);
        var n = users * seen;
        var exclude = SparseRows.Build(users, [.. Enumerable.Range(0, n).Select(x => x % users)], [.. Enumerable.Range(0, n).Select(_ => random.Next(items))], new float[n]);
        int[] rows = [.. Enumerable.Range(0, users)];
        var flop = 2.0 * users * items * rank;
        Console.WriteLine($"{users:N0} users × {items:N0} items, rank {rank} (stride {stride}), k {k}, {seen} seen/user excluded, {threads} threads, {runs} runs");
        var peak = MachinePeak.GigaFlops(threads);
        var measured = MachinePeak.MeasuredGigaFlops(threads);
        Console.WriteLine(MachinePeak.Describe(threads, measured));

        // Runs are interleaved (SIMD, then ONNX at each batch size, repeated) so load changes hit both alike.
        var scorers = new List<(string Name, Func<TopKResult> Score)>
        {
            (Vector512.IsHardwareAccelerated ? "simd (512-bit tile)" : "simd (Vector<float> tile)", () => TopKScorer.Score(left, rows, right, items, stride, k, exclude, threads)),
        };
        if (Vector512.IsHardwareAccelerated)
        {
            scorers.Add(("simd (Vector<float> tile)", () => TopKScorer.Score<TopKKernel>(left, rows, right, items, stride, k, exclude, threads)));
        }

        var simdPaths = scorers.Count;
        var sessions = new List<OnnxTopKScorer>();
        foreach (var batch in batches)
        {
            var setup = Stopwatch.StartNew();
            var scorer = new OnnxTopKScorer(right, items, stride, k, masked: true, threads, batch);
            sessions.Add(scorer);
            Console.WriteLine($"onnx batch {batch}: session build {setup.Elapsed.TotalSeconds:F2} s");
            scorers.Add(($"onnx batch {batch}", () => scorer.Score(left, rows, exclude)));
        }

        var seconds = scorers.Select(_ => new List<double>()).ToArray();
        var cpu = scorers.Select(_ => new List<double>()).ToArray();
        using var self = Process.GetCurrentProcess();
        for (var run = 0; run < runs; run++)
        {
            for (var s = 0; s < scorers.Count; s++)
            {
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                GC.KeepAlive(scorers[s].Score());
                seconds[s].Add(clock.Elapsed.TotalSeconds);
                self.Refresh();
                cpu[s].Add((self.TotalProcessorTime - cpuBefore).TotalSeconds);
            }
        }

        sessions.ForEach(s => s.Dispose());
        var medians = seconds.Select(BenchmarkStats.Median).ToArray();
        for (var s = 0; s < scorers.Count; s++)
        {
            Console.WriteLine($"{scorers[s].Name}: median {medians[s]:F2} s (runs {string.Join(", ", seconds[s].Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}), " +
                $"{flop / medians[s] / 1e9:F1} GFLOP/s = {flop / medians[s] / 1e9 / peak * 100:F0}% of nominal peak, {flop / medians[s] / 1e9 / measured * 100:F0}% of measured peak; " +
                $"median CPU time {BenchmarkStats.Median(cpu[s]):F2} s");
        }

        if (scorers.Count > simdPaths)
        {
            var simd = medians[0];
            var best = medians.Skip(simdPaths).Min();
            Console.WriteLine($"ratio onnx/simd (best batch, scoring only) = {best / simd:F2}: {(best < simd ? "ONNX Runtime" : "SIMD")} is faster");
        }
        return 0;
    }
}
