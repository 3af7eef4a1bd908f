namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Where and how ONNX Runtime runs the ranking model.</summary>
internal sealed class RankerExecutionOptions
{
    /// <summary>"cpu" or "cuda". CUDA needs the Microsoft.ML.OnnxRuntime.Gpu package; without it the run falls back to CPU with one warning.</summary>
    public string Provider { get; init; } = "cpu";

    public int DeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads (CPU provider).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Rows per Run call.</summary>
    public int BatchSize { get; init; } = 1024;
}
