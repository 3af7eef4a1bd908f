using System.Diagnostics;
using System.Globalization;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Top-K scoring of every user against every item, SIMD (TopKScorer) against ONNX Runtime (OnnxTopKScorer:
/// MatMul + mask Add + TopK), on random factors with a few seen items per user excluded. Reports median seconds,
/// GFLOP/s of the user × item product (2·U·I·r / s) against the machine's peak, and the ratio.
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
            .Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
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
        Console.WriteLine(MachinePeak.Describe(threads));
        var peak = MachinePeak.GigaFlops(threads);

        // Runs are interleaved (SIMD, then ONNX at each batch size, repeated) so load changes hit both alike.
        var scorers = new List<(string Name, Func<TopKResult> Score)> { ("simd", () => TopKScorer.Score(left, rows, right, items, stride, k, exclude, threads)) };
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
                $"{flop / medians[s] / 1e9:F1} GFLOP/s = {flop / medians[s] / 1e9 / peak * 100:F0}% of peak; median CPU time {BenchmarkStats.Median(cpu[s]):F2} s");
        }

        var simd = medians[0];
        var best = medians.Skip(1).Min();
        Console.WriteLine($"ratio onnx/simd (best batch, scoring only) = {best / simd:F2}: {(best < simd ? "ONNX Runtime" : "SIMD")} is faster");
        return 0;
    }
}
