namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The ratings regrouped into T×T blocks (row block of the user, column block of the item), each block a
/// contiguous range in a seeded shuffled order. Users and items go to blocks through a random permutation so
/// blocks hold similar numbers of ratings. Memory: three arrays of the rating count, a permutation, and offsets.
/// </summary>
internal sealed class SgdGrid
{
    /// <summary>Positions per chunk of <see cref="MoveToPositions"/>: 32K cells of 16 bytes (with to) stay in L2.</summary>
    private const int ChunkBits = 15;

    private SgdGrid(int[] user, int[] item, float[] label, int[] start)
    {
        User = user;
        Item = item;
        Label = label;
        Start = start;
    }

    public int[] User { get; }

    public int[] Item { get; }

    public float[] Label { get; }

    /// <summary>Block b holds positions Start[b] .. Start[b + 1] - 1.</summary>
    public int[] Start { get; }

    public static SgdGrid Build(RatingMatrix data, int t, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        var rowBlock = RandomBlocks(data.Users, t, random);
        var colBlock = RandomBlocks(data.Items, t, random);
        var n = data.Count;
        var order = new int[n];
        for (var j = 0; j < n; j++)
        {
            order[j] = j;
        }

        random.Shuffle(order);
        order = ByUser(order, data);
        var start = new int[(t * t) + 1];
        for (var j = 0; j < n; j++)
        {
            start[(rowBlock[data.User[j]] * t) + colBlock[data.Item[j]] + 1]++;
        }

        for (var b = 0; b < t * t; b++)
        {
            start[b + 1] += start[b];
        }

        var next = start[..^1];
        var user = new int[n];
        var item = new int[n];
        var label = new float[n];
        foreach (var j in order)
        {
            var pos = next[(rowBlock[data.User[j]] * t) + colBlock[data.Item[j]]]++;
            user[pos] = data.User[j];
            item[pos] = data.Item[j];
            label[pos] = data.Label[j];
        }

        return new SgdGrid(user, item, label, start);
    }

    /// <summary>
    /// The grid of <see cref="Build"/> (same blocks, same order in each, same draws of <paramref name="random"/>) in
    /// the arrays of <paramref name="data"/> themselves, which are reordered: one index array of the rating count next
    /// to the cells instead of three copies and three index arrays. Build gathers the cells through a shuffled order;
    /// a shuffle draws the same swaps whatever it permutes, so here the three arrays are shuffled together with those
    /// swaps (<see cref="ShuffleTogether"/>). Then the position of each cell comes from a count per (user, column
    /// block), and the cells move there (<see cref="MoveToPositions"/>). Needs users × t fewer than the ratings;
    /// otherwise the cells are copied by <see cref="Build"/> and left as they are.
    /// </summary>
    public static SgdGrid BuildInPlace(RatingMatrix data, int t, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        var n = data.Count;
        if ((long)data.Users * t > n)
        {
            return Build(data, t, random);
        }

        var rowBlock = RandomBlocks(data.Users, t, random);
        var colBlock = RandomBlocks(data.Items, t, random);
        var (user, item, label) = (data.User, data.Item, data.Label);
        ShuffleTogether(user, item, label, random);

        // Build visits the shuffled cells sorted by user (stably) and appends each to its block. So a block holds its
        // users in ascending order, each user's cells in shuffled order: the first position of the cells of user u in
        // column block c is the block's start plus the cells of the block's smaller users.
        var next = new int[data.Users * t];
        for (var j = 0; j < n; j++)
        {
            next[(user[j] * t) + colBlock[item[j]]]++;
        }

        var start = new int[(t * t) + 1];
        for (var u = 0; u < data.Users; u++)
        {
            for (var c = 0; c < t; c++)
            {
                start[(rowBlock[u] * t) + c + 1] += next[(u * t) + c];
            }
        }

        for (var b = 0; b < t * t; b++)
        {
            start[b + 1] += start[b];
        }

        var blockNext = start[..^1];
        for (var u = 0; u < data.Users; u++)
        {
            for (var c = 0; c < t; c++)
            {
                var cells = next[(u * t) + c];
                next[(u * t) + c] = blockNext[(rowBlock[u] * t) + c];
                blockNext[(rowBlock[u] * t) + c] += cells;
            }
        }

        var to = new int[n];
        for (var j = 0; j < n; j++)
        {
            to[j] = next[(user[j] * t) + colBlock[item[j]]]++;
        }

        MoveToPositions(user, item, label, to);
        return new SgdGrid(user, item, label, start);
    }

    /// <summary>
    /// The swaps <see cref="Random.Shuffle{T}(Span{T})"/> makes (position i with one drawn in [i, n), i rising), made
    /// in the three arrays at once: the draws of one shuffle instead of three, and one visit of each drawn position.
    /// </summary>
    internal static void ShuffleTogether(int[] user, int[] item, float[] label, Random random)
    {
        var n = user.Length;
        Span<int> drawn = stackalloc int[256];
        for (var from = 0; from < n - 1; from += drawn.Length)
        {
            // Drawn ahead in a batch, the swaps' positions are known early and their cache misses overlap.
            var count = Math.Min(drawn.Length, n - 1 - from);
            for (var k = 0; k < count; k++)
            {
                drawn[k] = random.Next(from + k, n);
            }

            for (var k = 0; k < count; k++)
            {
                var (i, j) = (from + k, drawn[k]);
                if (j != i)
                {
                    (user[i], user[j]) = (user[j], user[i]);
                    (item[i], item[j]) = (item[j], item[i]);
                    (label[i], label[j]) = (label[j], label[i]);
                }
            }
        }
    }

    /// <summary>
    /// Moves cell j to position to[j] (a permutation); <paramref name="to"/> is used up. Following the cycles of a
    /// random permutation over the whole arrays waits for memory at each step (the next position is in the cell just
    /// loaded), so the cells first go to their chunk of <see cref="ChunkBits"/> positions (<see cref="ToChunks"/>),
    /// and the cycles are then followed within each chunk, which stays in cache.
    /// </summary>
    internal static void MoveToPositions(int[] user, int[] item, float[] label, int[] to)
    {
        ToChunks(user, item, label, to);
        for (var s = 0; s < to.Length; s++)
        {
            if (to[s] < 0)
            {
                continue;
            }

            var (u, i, r) = (user[s], item[s], label[s]);
            var d = to[s];
            to[s] = -1;
            while (d != s)
            {
                (u, user[d]) = (user[d], u);
                (i, item[d]) = (item[d], i);
                (r, label[d]) = (label[d], r);
                var following = to[d];
                to[d] = -1;
                d = following;
            }

            (user[s], item[s], label[s]) = (u, i, r);
        }
    }

    /// <summary>
    /// Puts each cell (and its to) into the chunk of positions holding to[j], in any order within it. The chunks fill
    /// from their start: each swap sends the cell at i to the next free position of its chunk for good, so every cell
    /// moves at most once, and the positions written are one running front per chunk (few cache lines at a time).
    /// </summary>
    private static void ToChunks(int[] user, int[] item, float[] label, int[] to)
    {
        var n = to.Length;
        var chunks = (int)(((long)n + (1L << ChunkBits) - 1) >> ChunkBits);
        var next = new int[chunks];
        for (var c = 0; c < chunks; c++)
        {
            next[c] = c << ChunkBits;
        }

        for (var c = 0; c < chunks; c++)
        {
            // Chunks before c are full; [c's start, next[c]) holds cells of c already.
            var end = (int)Math.Min(n, (long)(c + 1) << ChunkBits);
            var i = next[c];
            while (i < end)
            {
                var home = to[i] >> ChunkBits;
                if (home == c)
                {
                    i++;
                    continue;
                }

                var d = next[home]++;
                (user[i], user[d]) = (user[d], user[i]);
                (item[i], item[d]) = (item[d], item[i]);
                (label[i], label[d]) = (label[d], label[i]);
                (to[i], to[d]) = (to[d], to[i]);
            }
        }
    }

    /// <summary>
    /// Stable counting sort of the shuffled order by user: each block then visits a user's ratings together (its
    /// factor row stays in cache, as LIBMF does), still in random order within the user.
    /// </summary>
    private static int[] ByUser(int[] order, RatingMatrix data)
    {
        var start = new int[data.Users + 1];
        foreach (var u in data.User)
        {
            start[u + 1]++;
        }

        for (var u = 0; u < data.Users; u++)
        {
            start[u + 1] += start[u];
        }

        var sorted = new int[order.Length];
        foreach (var j in order)
        {
            sorted[start[data.User[j]]++] = j;
        }

        return sorted;
    }

    private static int[] RandomBlocks(int count, int t, Random random)
    {
        var blocks = new int[count];
        for (var k = 0; k < count; k++)
        {
            blocks[k] = k % t;
        }

        random.Shuffle(blocks);
        return blocks;
    }
}
