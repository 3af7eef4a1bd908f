namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// How a pooled similar-user search compares with the exact one: the pool's size of the MF users, and for the
/// checked users, the exact neighbour pairs and how many of them the pool found (recall = hits / pairs).
/// </summary>
internal sealed record SimilarPoolCheck(int Pool, int MfUsers, int Checked, long Pairs, long Hits)
{
    /// <summary>About how many users of a shard are checked against the exact search (every ⌈n / this⌉-th).</summary>
    public const int CheckedUsers = 1000;

    public double Recall => Pairs == 0 ? 1 : Hits / (double)Pairs;
}
