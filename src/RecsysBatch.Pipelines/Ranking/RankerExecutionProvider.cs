using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Chooses the execution provider. CI and the served packages have the CPU runtime only, where appending CUDA
/// throws; a GPU deployment swaps in Microsoft.ML.OnnxRuntime.Gpu (see the model card) and the same call succeeds.
/// </summary>
internal static class RankerExecutionProvider
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>Appends the requested provider to <paramref name="session"/>; returns the one that will run.</summary>
    public static string Append(SessionOptions session, RankerExecutionOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        var requested = options.Provider.Trim().ToLowerInvariant();
        if (requested == Cpu)
        {
            return Cpu;
        }

        if (requested != Cuda)
        {
            throw new RecsysException($"rank: executionProvider '{options.Provider}' is not one of cpu, cuda.");
        }

        try
        {
            session.AppendExecutionProvider_CUDA(options.DeviceId);
            return $"{Cuda}:{options.DeviceId}";
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            logger?.LogWarning("rank: CUDA execution provider (device {DeviceId}) is not available ({Reason}); scoring on CPU.", options.DeviceId, e.Message);
            return Cpu;
        }
    }
}
