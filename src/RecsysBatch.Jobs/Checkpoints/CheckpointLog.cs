using Microsoft.Extensions.Logging;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>Log lines of the checkpoint store.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Folder} holds checkpoints in the format of an earlier version (no checkpoint.duckdb); that run cannot be resumed, a new run starts from its first stage")]
    public static partial void OldFormat(ILogger logger, string folder);
}
