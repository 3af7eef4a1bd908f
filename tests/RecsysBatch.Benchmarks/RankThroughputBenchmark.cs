using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Ranking throughput on one randomly initialised reference ranker (exported to ONNX) and the same random rows for
/// every path: (a) raw ONNX Runtime, batched over OrtValues bound once to the row arrays (no copies: the best case),
/// (b) our RankerScoringTransformer over an IDataView of the rows, (c) ML.NET's stock ApplyOnnxModel over the same
/// IDataView, (d) raw ONNX Runtime with one row per Run. Reports median rows/s, the ratios ours/raw and ours/stock,
/// and the largest score difference of (b), (c), (d) from (a) over all rows.
/// </summary>
internal static class RankThroughputBenchmark
{
    private const float Tolerance = 1e-5f;

    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var rows = (int)options.GetLong("rows", 200_000);
        var batch = (int)options.GetLong("batch", 1024);
        var threads = (int)options.GetLong("threads", 2);
        var runs = (int)options.GetLong("runs", 5);
        var contract = RankerContract.Default;
        var architecture = new RankerArchitecture(contract);
        var model = RankerOnnxExporter.Export(new RankerModel(architecture, RankerInitializer.Initialize<float>(architecture, 7)), contract);
        var path = Path.Combine(Path.GetTempPath(), $"rank-throughput-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            var data = RankerRandomBatch.Create(contract, rows, seed: 17);
            Console.WriteLine($"{rows:N0} rows, batch {batch}, {threads} threads, {runs} runs; reference ranker {architecture.ParameterCount:N0} parameters, MLP input {architecture.InputWidth}");
            return Measure(contract, model, path, data, batch, threads, runs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Measure(RankerContract contract, byte[] model, string path, RankerBatch data, int batch, int threads, int runs)
    {
        var rows = data.Count;
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadFromEnumerable(RankBenchRow.From(data));
        var setup = Stopwatch.StartNew();
        using var raw = new RawOrtRanker(model, contract, threads);
        var rawScores = new float[rows];
        var bound = raw.Bind(data, rawScores, batch);
        using var ours = new RankerScoringEstimator(path, contract, new RankerExecutionOptions { Threads = threads, BatchSize = batch }).Fit(view);
        var oursView = ours.Transform(view);
        var stockView = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = path,
            InputColumns = [.. contract.Inputs.Select(t => t.Name)],
            OutputColumns = [RankerInputs.Probability],
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        }).Fit(view).Transform(view);
        Console.WriteLine($"setup (sessions, binding) {setup.Elapsed.TotalSeconds:F2} s");

        var oursScores = new float[rows];
        var stockScores = new float[rows];
        var singleScores = new float[rows];
        var paths = new (string Name, float[] Scores, Action Score)[]
        {
            ("(a) raw ORT batched", rawScores, () => raw.ScoreBound(bound)),
            ("(b) ours: RankerScoringTransformer", oursScores, () => ReadSingle(oursView, RankerScoringTransformer.DefaultOutputColumn, oursScores)),
            ("(c) stock ApplyOnnxModel", stockScores, () => ReadVector(stockView, RankerInputs.Probability, stockScores)),
            ("(d) raw ORT one row per Run", singleScores, () => raw.ScoreOneByOne(data, singleScores)),
        };

        // Interleaved runs, so load changes on the machine hit every path alike.
        var seconds = paths.Select(_ => new List<double>()).ToArray();
        for (var run = 0; run < runs; run++)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                var clock = Stopwatch.StartNew();
                paths[p].Score();
                seconds[p].Add(clock.Elapsed.TotalSeconds);
            }
        }

        bound.ForEach(b =>
        {
            RawOrtRanker.Release(b.Inputs);
            b.Output.Dispose();
        });
        var rate = seconds.Select(s => rows / BenchmarkStats.Median(s)).ToArray();
        for (var p = 0; p < paths.Length; p++)
        {
            Console.WriteLine($"{paths[p].Name}: median {rate[p]:N0} rows/s (runs {string.Join(", ", seconds[p].Select(s => (rows / s).ToString("N0", CultureInfo.InvariantCulture)))} rows/s)");
        }

        Console.WriteLine($"ours/raw = {rate[1] / rate[0]:F2}, ours/stock = {rate[1] / rate[2]:F1}, ours/one-row-per-Run = {rate[1] / rate[3]:F1}");
        var ok = true;
        for (var p = 1; p < paths.Length; p++)
        {
            var diff = MaxDiff(rawScores, paths[p].Scores);
            ok &= diff <= Tolerance;
            Console.WriteLine($"max |score {paths[p].Name[..3]} - score (a)| over all {rows:N0} rows = {diff:E2} ({(diff <= Tolerance ? "ok" : "FAIL")}, tolerance {Tolerance:E0})");
        }

        return ok ? 0 : 1;
    }

    private static void ReadSingle(IDataView view, string column, float[] scores)
    {
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<float>(view.Schema[column]);
        var value = 0f;
        var r = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores[r++] = value;
        }
    }

    private static void ReadVector(IDataView view, string column, float[] scores)
    {
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        var value = default(VBuffer<float>);
        var r = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores[r++] = value.GetItemOrDefault(0);
        }
    }

    private static float MaxDiff(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
