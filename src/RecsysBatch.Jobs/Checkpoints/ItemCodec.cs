namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>How one type of <see cref="Core.Stages.RunData"/> item (RunData.Set) is written to and read from a checkpoint file.</summary>
/// <param name="Id">Stable codec id, stored in the manifest and the file header.</param>
/// <param name="Type">The items it takes (a base class or interface takes every implementation).</param>
/// <param name="Unsupported">Why a particular value cannot be stored (e.g. a column type), or null.</param>
/// <param name="Write">Writes the value.</param>
/// <param name="Read">Reads a value back.</param>
internal sealed record ItemCodec(
    string Id,
    Type Type,
    Func<object, string?> Unsupported,
    Action<CheckpointFileWriter, object> Write,
    Func<CheckpointFileReader, object> Read);
