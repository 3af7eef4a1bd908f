using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The users whose rows train the next-window model when the stacked anchors hold more than the cap: users in the
/// order of a seeded hash of their key (the same draw on every machine and every run with the same seed), whole
/// users (all their rows at every anchor) until the cap is reached. A user's rows stay together, so the sample is
/// a random subset of users, not of rows. Users are scanned in that order in growing batches, and only the scanned
/// users' rows are built: at 10M events the cap needs a few thousand of 220,000 users.
/// </summary>
/// <param name="Keep">Per user key: its rows train the model.</param>
/// <param name="Rows">Rows of the kept users.</param>
/// <param name="ScannedUsers">Users whose rows were built (all users when <paramref name="Complete"/>).</param>
/// <param name="ScannedRows">Rows of the scanned users.</param>
/// <param name="Complete">Every user was scanned: <paramref name="ScannedRows"/> is every row (else an estimate scales it up).</param>
internal sealed record TrainingSample(bool[] Keep, int Rows, int ScannedUsers, long ScannedRows, bool Complete)
{
    /// <summary>Users in the first scanned batch; each next batch is twice the previous one.</summary>
    public const int FirstBatch = 4096;

    /// <summary>Rows of all users when every user was scanned, else the scanned users' rows scaled to all users.</summary>
    public long AvailableRows => Complete || ScannedUsers == 0 ? ScannedRows : (long)Math.Round(ScannedRows * (double)Keep.Length / ScannedUsers);

    /// <param name="users">User keys 0 … users − 1.</param>
    /// <param name="maxRows">The cap (&gt; 0).</param>
    /// <param name="rowsPerUser">Builds the rows of the users marked true and returns each user's row count (all anchors).</param>
    public static TrainingSample Draw(int users, int maxRows, int seed, Func<bool[], int[]> rowsPerUser)
    {
        ArgumentNullException.ThrowIfNull(rowsPerUser);
        var order = new int[users];
        var keys = new ulong[users];
        for (var u = 0; u < users; u++)
        {
            order[u] = u;
            keys[u] = UserHash.Of(u, seed);
        }

        Array.Sort(keys, order);
        var keep = new bool[users];
        var kept = 0;
        var scanned = 0;
        var scannedRows = 0L;
        for (var batch = FirstBatch; scanned < users && kept < maxRows; batch *= 2)
        {
            var take = Math.Min(batch, users - scanned);
            var mask = new bool[users];
            for (var j = scanned; j < scanned + take; j++)
            {
                mask[order[j]] = true;
            }

            var perUser = rowsPerUser(mask);
            for (var j = scanned; j < scanned + take; j++)
            {
                var u = order[j];
                scannedRows += perUser[u];
                if (kept < maxRows && perUser[u] > 0)
                {
                    keep[u] = true;
                    kept += perUser[u];
                }
            }

            scanned += take;
        }

        return new TrainingSample(keep, kept, scanned, scannedRows, scanned == users);
    }
}
