using Microsoft.ML.OnnxRuntime;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Top-K scoring on ONNX Runtime (CPU): the <see cref="OnnxTopKGraph"/> (MatMul, Add of a 0/−∞ mask, TopK) run in
/// blocks of users with reused input and output buffers; intra-op threads = the configured threads. Same contract
/// as <see cref="TopKScorer"/>: excluded cells never appear, ties go to the smaller column, rows best-first.
/// Unlike the SIMD scorer it materialises a batch × N score matrix (and mask) per block.
/// </summary>
internal sealed class OnnxTopKScorer : IDisposable
{
    public const int DefaultBatch = 256;

    private static readonly string[] OutputNames = [OnnxTopKGraph.Values, OnnxTopKGraph.Indices];

    private readonly InferenceSession _session;
    private readonly int _columns;
    private readonly int _stride;
    private readonly int _k;
    private readonly int _graphK;
    private readonly int _batch;
    private readonly bool _masked;
    private readonly string[] _inputNames;

    public OnnxTopKScorer(float[] right, int columns, int stride, int k, bool masked, int threads, int batch = DefaultBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        _columns = columns;
        _stride = stride;
        _k = k;
        _graphK = Math.Min(k, columns);
        _batch = batch;
        _masked = masked;
        _inputNames = masked ? [OnnxTopKGraph.Users, OnnxTopKGraph.Mask] : [OnnxTopKGraph.Users];
        var model = Onnx.OnnxModelWriter.Write(OnnxTopKGraph.Build(right, columns, stride, _graphK, masked));
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Each block runs for milliseconds, so idle pool threads gain nothing from spinning between runs and
        // would only steal cores from the caller's own threads on a busy machine.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model, options);
    }

    /// <summary>Drop-in for <see cref="TopKScorer.Score"/>: builds a session for R, scores, disposes it.</summary>
    public static TopKResult Score(float[] left, int[] rows, float[] right, int columns, int stride, int k, SparseRows? exclude, int threads, int batch = DefaultBatch)
    {
        using var scorer = new OnnxTopKScorer(right, columns, stride, k, exclude is not null, threads, batch);
        return scorer.Score(left, rows, exclude);
    }

    public TopKResult Score(float[] left, int[] rows, SparseRows? exclude)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(rows);
        if (exclude is not null && !_masked)
        {
            throw new InvalidOperationException("this scorer was built without a mask input; exclusions need one.");
        }

        var result = new TopKResult(rows.Length, _k);
        var users = new float[_batch * _stride];
        var mask = _masked ? new float[_batch * _columns] : [];
        var values = new float[_batch * _graphK];
        var indices = new long[_batch * _graphK];
        using var run = new RunOptions();
        for (var first = 0; first < rows.Length; first += _batch)
        {
            var n = Math.Min(_batch, rows.Length - first);
            for (var r = 0; r < n; r++)
            {
                left.AsSpan(rows[first + r] * _stride, _stride).CopyTo(users.AsSpan(r * _stride, _stride));
            }

            SetMask(mask, exclude, rows, first, n, float.NegativeInfinity);
            Run(run, users.AsMemory(0, n * _stride), mask.AsMemory(0, _masked ? n * _columns : 0), values.AsMemory(0, n * _graphK), indices.AsMemory(0, n * _graphK), n);
            SetMask(mask, exclude, rows, first, n, 0f);
            for (var r = 0; r < n; r++)
            {
                var rowValues = values.AsSpan(r * _graphK, _graphK);
                var count = rowValues.IndexOf(float.NegativeInfinity);
                count = count < 0 ? _graphK : count; // masked cells sort last: cut where they start
                result.SetSorted(first + r, indices.AsSpan(r * _graphK, count), rowValues[..count]);
            }
        }

        return result;
    }

    public void Dispose() => _session.Dispose();

    private void Run(RunOptions run, Memory<float> users, Memory<float> mask, Memory<float> values, Memory<long> indices, int n)
    {
        var memory = OrtMemoryInfo.DefaultInstance;
        using var usersValue = OrtValue.CreateTensorValueFromMemory(memory, users, [n, _stride]);
        using var maskValue = _masked ? OrtValue.CreateTensorValueFromMemory(memory, mask, [n, _columns]) : null;
        using var valuesValue = OrtValue.CreateTensorValueFromMemory(memory, values, [n, _graphK]);
        using var indicesValue = OrtValue.CreateTensorValueFromMemory(memory, indices, [n, _graphK]);
        OrtValue[] inputs = maskValue is null ? [usersValue] : [usersValue, maskValue];
        _session.Run(run, _inputNames, inputs, OutputNames, [valuesValue, indicesValue]);
    }

    /// <summary>Writes <paramref name="value"/> into the mask at every excluded cell of the block's rows.</summary>
    private void SetMask(float[] mask, SparseRows? exclude, int[] rows, int first, int n, float value)
    {
        if (exclude is null)
        {
            return;
        }

        for (var r = 0; r < n; r++)
        {
            var row = rows[first + r];
            for (var j = exclude.Start[row]; j < exclude.Start[row + 1]; j++)
            {
                mask[(r * _columns) + exclude.Column[j]] = value;
            }
        }
    }
}
