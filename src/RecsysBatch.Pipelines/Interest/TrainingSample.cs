namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The users whose rows train the next-window model when the stacked anchors hold more than the cap: users in the
/// order of a seeded hash of their key (the same draw on every machine and every run with the same seed), whole
/// users (all their rows at every anchor) until the cap is reached. A user's rows stay together, so the sample is
/// a random subset of users, not of rows.
/// </summary>
internal sealed record TrainingSample(bool[] Keep, int Rows)
{
    /// <summary>Null when all rows fit under <paramref name="maxRows"/> (0: no cap).</summary>
    public static TrainingSample? Draw(IReadOnlyList<CandidateRows> anchors, int users, int maxRows, int seed)
    {
        var perUser = new int[users];
        var total = 0;
        foreach (var anchor in anchors)
        {
            for (var i = 0; i < anchor.Users.Count; i++)
            {
                var rows = anchor.UserRowStart[i + 1] - anchor.UserRowStart[i];
                perUser[anchor.Users[i]] += rows;
                total += rows;
            }
        }

        if (maxRows <= 0 || total <= maxRows)
        {
            return null;
        }

        var order = new int[users];
        var keys = new ulong[users];
        for (var u = 0; u < users; u++)
        {
            order[u] = u;
            keys[u] = Hash(u, seed);
        }

        Array.Sort(keys, order);
        var keep = new bool[users];
        var kept = 0;
        foreach (var u in order)
        {
            if (kept >= maxRows)
            {
                break;
            }

            if (perUser[u] > 0)
            {
                keep[u] = true;
                kept += perUser[u];
            }
        }

        return new TrainingSample(keep, kept);
    }

    /// <summary>SplitMix64 finalizer of (seed, user): a fixed, well-mixed order of the users.</summary>
    private static ulong Hash(int user, int seed)
    {
        var x = ((ulong)(uint)seed << 32) | (uint)user;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
