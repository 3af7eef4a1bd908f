using Microsoft.ML.OnnxRuntime;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// ONNX Runtime used directly, as one would write it by hand, for the reference paths of rank-throughput: batched over
/// rows in the contract's tensor layout (OrtValues over slices of the arrays, created per batch), batched from row
/// objects (span copies into reused pinned buffers), pre-bound OrtValues (Run alone), and one row per Run call.
/// </summary>
internal sealed class RawOrtRanker : IDisposable
{
    private static readonly string[] OutputNames = [RankerInputs.Probability];
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames;
    private readonly RankerContract _contract;

    public RawOrtRanker(byte[] model, RankerContract contract, int threads)
    {
        _contract = contract;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model, options);
        _inputNames = [.. contract.Inputs.Select(t => t.Name)];
    }

    /// <summary>OrtValues for every batch of <paramref name="rows"/> (inputs and output), to create once and reuse.</summary>
    public List<(OrtValue[] Inputs, OrtValue Output)> Bind(RankerBatch rows, float[] scores, int batch)
    {
        var bound = new List<(OrtValue[], OrtValue)>();
        for (var start = 0; start < rows.Count; start += batch)
        {
            var n = Math.Min(batch, rows.Count - start);
            bound.Add((Inputs(rows, start, n), OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores.AsMemory(start, n), [n, 1])));
        }

        return bound;
    }

    /// <summary>
    /// Rows in the tensor layout, scored a batch at a time: per batch, input OrtValues over slices of the row arrays
    /// and an output OrtValue over the slice of <paramref name="scores"/> are created, Run, and disposed.
    /// </summary>
    public void ScoreColumnar(RankerBatch rows, float[] scores, int batch)
    {
        for (var start = 0; start < rows.Count; start += batch)
        {
            var n = Math.Min(batch, rows.Count - start);
            var inputs = Inputs(rows, start, n);
            try
            {
                using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores.AsMemory(start, n), [n, 1]);
                _session.Run(_run, _inputNames, inputs, OutputNames, [output]);
            }
            finally
            {
                Release(inputs);
            }
        }
    }

    /// <summary>
    /// Row objects scored a batch at a time: each row's eight arrays are span-copied into a reused buffer whose
    /// OrtValues are bound once (a fresh set for the last, partial batch), Run, and the scores copied out.
    /// </summary>
    public void ScoreRows(IReadOnlyList<RankBenchRow> rows, float[] scores, int batch)
    {
        var buffer = new RankerBatch(_contract, batch) { Count = batch };
        var output = new float[batch];
        var full = Inputs(buffer, 0, batch);
        using var fullOutput = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(), [batch, 1]);
        try
        {
            for (var start = 0; start < rows.Count; start += batch)
            {
                var n = Math.Min(batch, rows.Count - start);
                for (var r = 0; r < n; r++)
                {
                    rows[start + r].CopyTo(buffer, r);
                }

                if (n == batch)
                {
                    _session.Run(_run, _inputNames, full, OutputNames, [fullOutput]);
                }
                else
                {
                    var partial = Inputs(buffer, 0, n);
                    try
                    {
                        using var partialOutput = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, n), [n, 1]);
                        _session.Run(_run, _inputNames, partial, OutputNames, [partialOutput]);
                    }
                    finally
                    {
                        Release(partial);
                    }
                }

                output.AsSpan(0, n).CopyTo(scores.AsSpan(start, n));
            }
        }
        finally
        {
            Release(full);
        }
    }

    /// <summary>One Run per bound batch.</summary>
    public void ScoreBound(List<(OrtValue[] Inputs, OrtValue Output)> bound)
    {
        foreach (var (inputs, output) in bound)
        {
            _session.Run(_run, _inputNames, inputs, OutputNames, [output]);
        }
    }

    /// <summary>One Run per row: each row is copied into a one-row buffer whose OrtValues are reused.</summary>
    public void ScoreOneByOne(RankerBatch rows, float[] scores)
    {
        var one = new RankerBatch(_contract, 1) { Count = 1 };
        var output = new float[1];
        var inputs = Inputs(one, 0, 1);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(), [1, 1]);
        try
        {
            for (var r = 0; r < rows.Count; r++)
            {
                one.CopyRow(rows, r, 0);
                _session.Run(_run, _inputNames, inputs, OutputNames, [outputValue]);
                scores[r] = output[0];
            }
        }
        finally
        {
            Release(inputs);
        }
    }

    public static void Release(OrtValue[] values)
    {
        foreach (var value in values)
        {
            value.Dispose();
        }
    }

    public void Dispose()
    {
        _run.Dispose();
        _session.Dispose();
    }

    private OrtValue[] Inputs(RankerBatch b, int start, int n) => [.. _contract.Inputs.Select(spec => spec.Name switch
    {
        RankerInputs.UserFeatures => Tensor(b.UserFeatures, start, n, spec.RowWidth),
        RankerInputs.ItemFeatures => Tensor(b.ItemFeatures, start, n, spec.RowWidth),
        RankerInputs.UserFactors => Tensor(b.UserFactors, start, n, spec.RowWidth),
        RankerInputs.ItemFactors => Tensor(b.ItemFactors, start, n, spec.RowWidth),
        RankerInputs.ItemCategory => Tensor(b.ItemCategory, start, n, spec.RowWidth),
        RankerInputs.BehaviorCategories => Tensor(b.BehaviorCategories, start, n, spec.RowWidth),
        RankerInputs.BehaviorEventTypes => Tensor(b.BehaviorEventTypes, start, n, spec.RowWidth),
        RankerInputs.BehaviorMask => Tensor(b.BehaviorMask, start, n, spec.RowWidth),
        _ => throw new InvalidOperationException($"unknown contract input {spec.Name}"),
    })];

    private static OrtValue Tensor<T>(T[] data, int start, int n, int width)
        where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(start * width, n * width), [n, width]);
}
