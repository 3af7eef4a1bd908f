namespace RecsysBatch.Pipelines.Evaluation;

/// <summary>
/// The seeded hash that draws users (interest's training sample, rank's labelled users, influence's cross-fit folds):
/// SplitMix64 of (seed, user key), stable across processes and platforms (unlike string.GetHashCode), and independent
/// of row order, so a user is drawn the same way whatever shard or block it is in.
/// </summary>
internal static class UserHash
{
    public static ulong Of(int user, int seed)
    {
        var z = (((ulong)(uint)seed << 32) | (uint)user) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
