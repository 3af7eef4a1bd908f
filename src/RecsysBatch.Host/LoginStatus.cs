namespace RecsysBatch.Host;

/// <summary>What became of one Basic login.</summary>
internal enum LoginStatus
{
    Succeeded,
    Failed,

    /// <summary>Not tried: the client failed too often lately (answered 429).</summary>
    Limited,
}
