using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Ranking throughput on one randomly initialised reference ranker (exported to ONNX) and the same random rows, the
/// same batch size and the same ONNX Runtime thread settings for every path. The rows exist in memory twice, as
/// contiguous per-tensor arrays (a RankerBatch, the columnar form) and as row objects (RankBenchRow); each of our
/// paths is paired with raw ONNX Runtime doing the same work from the same form (see README "Benchmarks"):
/// (a) raw ORT, columnar: per batch OrtValues over slices of the arrays, Run, scores written in place;
/// (b) ours over a RankerInputView of the arrays (the columnar fast path), scores read through a cursor;
/// (a2) raw ORT from row objects: span copies per row into pinned reused buffers, Run, scores copied out;
/// (b2) ours over LoadFromEnumerable of the row objects (the generic path: getters + copies per row);
/// (c) ML.NET's stock ApplyOnnxModel over the same RankerInputView (one Run per row); (d) raw ORT, one row per Run.
/// One warm-up round, then R interleaved rounds; median rows/s per path, the ratios as ratio of medians and as the
/// median of per-round ratios, a breakdown of where the generic path's time goes, and the largest score difference
/// of every path from (a).
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
        // --slow 0 leaves out (c) and (d), the row-at-a-time paths, so many more rounds fit (for a loaded machine).
        var slow = options.GetLong("slow", 1) != 0;
        var contract = RankerContract.Default;
        var architecture = new RankerArchitecture(contract);
        var model = RankerOnnxExporter.Export(new RankerModel(architecture, RankerInitializer.Initialize<float>(architecture, 7)), contract);
        var path = Path.Combine(Path.GetTempPath(), $"rank-throughput-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            var data = RankerRandomBatch.Create(contract, rows, seed: 17);
            Console.WriteLine($"{rows:N0} rows, batch {batch}, intra-op threads {threads} (inter-op 1) for every path, 1 warm-up + {runs} rounds; reference ranker {architecture.ParameterCount:N0} parameters, MLP input {architecture.InputWidth}");
            return Measure(contract, model, path, data, batch, threads, runs, slow);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Measure(RankerContract contract, byte[] model, string path, RankerBatch data, int batch, int threads, int runs, bool slow)
    {
        var rows = data.Count;
        var ml = new MLContext(seed: 1);
        var objects = RankBenchRow.From(data);
        var columnar = new RankerInputView(contract, data);
        var rowView = ml.Data.LoadFromEnumerable(objects);
        var setup = Stopwatch.StartNew();
        using var raw = new RawOrtRanker(model, contract, threads);
        var boundScores = new float[rows];
        var bound = raw.Bind(data, boundScores, batch);
        var execution = new RankerExecutionOptions { Threads = threads, BatchSize = batch };
        using var ours = new RankerScoringEstimator(path, contract, execution).Fit(columnar);
        var oursView = ours.Transform(columnar);
        using var oursGeneric = new RankerScoringEstimator(path, contract, execution).Fit(rowView);
        var genericView = oursGeneric.Transform(rowView);
        var stockView = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = path,
            InputColumns = [.. contract.Inputs.Select(t => t.Name)],
            OutputColumns = [RankerInputs.Probability],
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        }).Fit(columnar).Transform(columnar);
        Console.WriteLine($"setup (sessions, binding) {setup.Elapsed.TotalSeconds:F2} s");

        var fillBuffer = new RankerBatch(contract, batch);
        var paths = new (string Name, float[]? Scores, Action<float[]> Score)[]
        {
            ("(a)  raw ORT batched, columnar", new float[rows], s => raw.ScoreColumnar(data, s, batch)),
            ("(b)  ours, RankerInputView (columnar path)", new float[rows], s => ReadSingle(oursView, RankerScoringTransformer.DefaultOutputColumn, s)),
            ("(a2) raw ORT batched, from row objects", new float[rows], s => raw.ScoreRows(objects, s, batch)),
            ("(b2) ours, LoadFromEnumerable (generic path)", new float[rows], s => ReadSingle(genericView, RankerScoringTransformer.DefaultOutputColumn, s)),
            ("(c)  stock ApplyOnnxModel, RankerInputView", new float[rows], s => ReadVector(stockView, RankerInputs.Probability, s)),
            ("(d)  raw ORT one row per Run", new float[rows], s => raw.ScoreOneByOne(data, s)),
            ("(p1) profile: ORT Run alone (OrtValues pre-bound)", boundScores, _ => raw.ScoreBound(bound)),
            ("(p2) profile: LoadFromEnumerable getters alone", null, _ => ReadInputs(rowView, contract)),
            ("(p3) profile: getters + copies into batch, no Run", null, _ => FillOnly(rowView, contract, fillBuffer)),
        };

        // Interleaved rounds, so load changes on the machine hit every path alike, in reverse order every other round,
        // so no path always follows the same one; round 0 is the warm-up.
        // Process CPU seconds (all threads, ORT's included) are kept too: on a shared machine they move far less with
        // the load than wall-clock time does.
        var seconds = paths.Select(_ => new List<double>()).ToArray();
        var cpu = paths.Select(_ => new List<double>()).ToArray();
        var scratch = new float[rows];
        using var process = Process.GetCurrentProcess();
        for (var run = 0; run <= runs; run++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var p = run % 2 == 0 ? i : paths.Length - 1 - i;
                if (!slow && p is 4 or 5)
                {
                    if (run > 0)
                    {
                        seconds[p].Add(double.NaN);
                        cpu[p].Add(double.NaN);
                    }

                    continue;
                }

                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                paths[p].Score(paths[p].Scores ?? scratch);
                var elapsed = clock.Elapsed.TotalSeconds;
                process.Refresh();
                if (run > 0)
                {
                    seconds[p].Add(elapsed);
                    cpu[p].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                }
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
            Console.WriteLine($"{paths[p].Name}: median {rate[p]:N0} rows/s, {BenchmarkStats.Median(seconds[p]):F3} s, CPU {BenchmarkStats.Median(cpu[p]):F3} s (rounds {string.Join(", ", seconds[p].Select(s => (rows / s).ToString("N0", CultureInfo.InvariantCulture)))} rows/s)");
        }

        Ratio("ours/raw, columnar (b)/(a)", seconds, cpu, 1, 0);
        Ratio("ours/raw, row objects (b2)/(a2)", seconds, cpu, 3, 2);
        Ratio("ours generic/raw columnar (b2)/(a)", seconds, cpu, 3, 0);
        Ratio("ours/stock (b)/(c)", seconds, cpu, 1, 4);
        Ratio("ours/one-row-per-Run (b)/(d)", seconds, cpu, 1, 5);

        // Where the generic path's time goes: each piece measured alone; the remainder is the cursor stack
        // (passed-through cursor, score getter, output copy). Wall-clock pieces only add up on a quiet machine; the
        // CPU-second pieces add up on a loaded one too.
        Breakdown("wall", seconds);
        Breakdown("CPU", cpu);

        var ok = true;
        for (var p = 1; p < paths.Length; p++)
        {
            if (paths[p].Scores is not { } scores || (!slow && p is 4 or 5))
            {
                continue;
            }

            var diff = MaxDiff(paths[0].Scores!, scores);
            ok &= diff <= Tolerance;
            Console.WriteLine($"max |score {paths[p].Name[..4].Trim()} - score (a)| over all {rows:N0} rows = {diff:E2} ({(diff <= Tolerance ? "ok" : "FAIL")}, tolerance {Tolerance:E0})");
        }

        return ok ? 0 : 1;
    }

    private static void Breakdown(string kind, List<double>[] values)
    {
        double Med(int p) => BenchmarkStats.Median(values[p]);
        var generic = Med(3);
        var run = Med(6);
        var getters = Med(7);
        var copies = Med(8) - getters;
        Console.WriteLine($"{kind}: generic path (b2) {generic:F3} s = ORT Run {run:F3} s ({run / generic:P0}) + input getters {getters:F3} s ({getters / generic:P0}) + copies into tensors {copies:F3} s ({copies / generic:P0}) + rest {generic - run - getters - copies:F3} s");
        Console.WriteLine($"{kind}: columnar path (b) {Med(1):F3} s = ORT Run {run:F3} s ({run / Med(1):P0}) + rest {Med(1) - run:F3} s (OrtValues per batch, cursor, output copy)");
    }

    /// <summary>Throughput ratio ours/reference (= reference time / our time) three ways.</summary>
    private static void Ratio(string name, List<double>[] seconds, List<double>[] cpu, int ours, int reference)
    {
        var ofMedians = BenchmarkStats.Median(seconds[reference]) / BenchmarkStats.Median(seconds[ours]);
        var perRound = BenchmarkStats.Median(seconds[ours].Select((s, i) => seconds[reference][i] / s));
        var ofCpu = BenchmarkStats.Median(cpu[reference]) / BenchmarkStats.Median(cpu[ours]);
        Console.WriteLine($"{name} = {ofMedians:F2} (ratio of median rows/s), {perRound:F2} (median of per-round ratios), {ofCpu:F2} (ratio of median CPU s)");
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

    /// <summary>Only the input view's getters, as the generic path calls them (one per input per row), no copies.</summary>
    private static void ReadInputs(IDataView view, RankerContract contract)
    {
        var columns = contract.Inputs.Select(t => view.Schema[t.Name]).ToArray();
        using var cursor = view.GetRowCursor(columns);
        var floats = columns.Where(c => ((VectorDataViewType)c.Type).ItemType == NumberDataViewType.Single).Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var longs = columns.Where(c => ((VectorDataViewType)c.Type).ItemType == NumberDataViewType.Int64).Select(c => cursor.GetGetter<VBuffer<long>>(c)).ToArray();
        var f = default(VBuffer<float>);
        var l = default(VBuffer<long>);
        while (cursor.MoveNext())
        {
            foreach (var get in floats)
            {
                get(ref f);
            }

            foreach (var get in longs)
            {
                get(ref l);
            }
        }
    }

    /// <summary>The generic path's input work without Run: the same readers filling the batch buffer.</summary>
    private static void FillOnly(IDataView view, RankerContract contract, RankerBatch buffer)
    {
        using var cursor = view.GetRowCursor(contract.Inputs.Select(t => view.Schema[t.Name]));
        var readers = RankerColumns.Readers(contract, cursor, buffer);
        var n = 0;
        while (cursor.MoveNext())
        {
            foreach (var read in readers)
            {
                read(n);
            }

            n = n + 1 == buffer.Capacity ? 0 : n + 1;
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
