using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RecsysBatch.Core;
using RecsysBatch.Core.Files;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// An ONNX ranking model loaded into ONNX Runtime and checked against the contract. Scores <see cref="RankerBatch"/>
/// rows in Run calls of up to <see cref="BatchSize"/> rows; full batches of <see cref="Buffer"/> reuse OrtValues pinned
/// over its own arrays, so steady-state scoring allocates nothing, and rows already in memory in the tensor layout are
/// scored in place (<see cref="Run(RankerBatch, int, int)"/>, no copy). The CUDA provider is used when asked for and present in the
/// loaded runtime; otherwise CPU, with one warning, and <see cref="Provider"/> says which ran.
/// </summary>
internal sealed class OnnxRankerSession : IDisposable
{
    private static readonly string[] OutputNames = [RankerInputs.Probability];
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames;
    private readonly float[] _output;
    private readonly OrtValue[] _fullInputs;
    private readonly OrtValue _fullOutput;

    public OnnxRankerSession(string modelPath, RankerContract contract, RankerExecutionOptions options, ILogger? logger = null)
        : this(ReadModel(modelPath), Path.GetFileName(modelPath), contract, options, logger)
    {
    }

    public OnnxRankerSession(byte[] model, string modelName, RankerContract contract, RankerExecutionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        if (contract.Outputs.Count != 1 || contract.Outputs[0].Name != RankerInputs.Probability || contract.Outputs[0].RowWidth != 1)
        {
            throw new RecsysException("ranker contract: the one output must be 'probability' with one value per row.");
        }

        Contract = contract;
        BatchSize = options.BatchSize;
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        Provider = RankerExecutionProvider.Append(sessionOptions, options, logger);
        try
        {
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new RecsysException($"ranking model {modelName} cannot be loaded by ONNX Runtime: {e.Message}", e);
        }

        try
        {
            RankerContractCheck.Check(contract, _session, modelName);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _inputNames = [.. contract.Inputs.Select(t => t.Name)];
        Buffer = new RankerBatch(contract, BatchSize);
        _output = new float[BatchSize];
        _fullInputs = Inputs(Buffer, 0, BatchSize);
        _fullOutput = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(), OutputShape(BatchSize));
    }

    public RankerContract Contract { get; }

    public int BatchSize { get; }

    /// <summary>"cpu" or "cuda:&lt;device&gt;": the provider the session runs on.</summary>
    public string Provider { get; }

    /// <summary>The rows to score; fill up to <see cref="BatchSize"/> rows and set Count, then call <see cref="Run"/>.</summary>
    public RankerBatch Buffer { get; }

    /// <summary>Scores the first Buffer.Count rows; the probabilities are valid until the next call.</summary>
    public ReadOnlySpan<float> Run()
    {
        var n = Buffer.Count;
        if (n == BatchSize)
        {
            _session.Run(_run, _inputNames, _fullInputs, OutputNames, [_fullOutput]);
            return _output;
        }

        // A last, partial batch: tensors of n rows over the same arrays, created for this call only.
        return RunOver(Buffer, 0, n);
    }

    /// <summary>
    /// Scores rows [<paramref name="start"/>, start + n) of <paramref name="rows"/> in one Run without copying them:
    /// the input tensors are created over slices of the rows' own arrays for this call (pinned while it runs).
    /// At most <see cref="BatchSize"/> rows; the probabilities are valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Run(RankerBatch rows, int start, int n)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, BatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + n, rows.Count);
        return RunOver(rows, start, n);
    }

    public void Dispose()
    {
        foreach (var value in _fullInputs)
        {
            value.Dispose();
        }

        _fullOutput.Dispose();
        _run.Dispose();
        _session.Dispose();
    }

    private long[] OutputShape(int n) => Contract.Outputs[0].Shape.Count == 1 ? [n] : [n, 1];

    private ReadOnlySpan<float> RunOver(RankerBatch rows, int start, int n)
    {
        var inputs = Inputs(rows, start, n);
        try
        {
            if (n == BatchSize)
            {
                _session.Run(_run, _inputNames, inputs, OutputNames, [_fullOutput]);
            }
            else
            {
                using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n), OutputShape(n));
                _session.Run(_run, _inputNames, inputs, OutputNames, [output]);
            }
        }
        finally
        {
            foreach (var value in inputs)
            {
                value.Dispose();
            }
        }

        return _output.AsSpan(0, n);
    }

    private OrtValue[] Inputs(RankerBatch b, int start, int n)
    {
        var values = new OrtValue[_inputNames.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var spec = Contract.Inputs[i];
            var width = spec.RowWidth;
            long[] shape = spec.Shape.Count == 1 ? [n] : [n, width];
            values[i] = RankerInputView.TensorOf(b, spec.Name) switch
            {
                float[] f => Tensor(f, start * width, n * width, shape),
                long[] l => Tensor(l, start * width, n * width, shape),
                _ => throw new RecsysException($"ranker contract input '{spec.Name}' has no source in the rank stage."),
            };
        }

        return values;
    }

    private static OrtValue Tensor<T>(T[] data, int offset, int length, long[] shape)
        where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(offset, length), shape);

    private static byte[] ReadModel(string path) => BoundedFile.ReadAllBytes(path, int.MaxValue, "ranking model");
}
