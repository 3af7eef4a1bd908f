namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The ratings regrouped into T×T blocks (row block of the user, column block of the item), each block a
/// contiguous range in a seeded shuffled order. Users and items go to blocks through a random permutation so
/// blocks hold similar numbers of ratings. Memory: three arrays of the rating count, a permutation, and offsets.
/// </summary>
internal sealed class SgdGrid
{
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
    /// to the cells instead of three copies and three index arrays. <paramref name="random"/> must be
    /// <c>new Random(seed)</c> with nothing drawn yet. Build gathers the cells through a shuffled order; a shuffle
    /// draws the same swaps whatever it permutes, so here each array is shuffled itself by a Random replayed to the
    /// same point. Then the position of each cell comes from a count per (user, column block), and the cells move
    /// there along the cycles of that permutation. Needs users × t fewer than the ratings; otherwise the cells are
    /// copied by <see cref="Build"/> and left as they are.
    /// </summary>
    public static SgdGrid BuildInPlace(RatingMatrix data, int t, int seed, Random random)
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
        Replayed(data, t, seed).Shuffle(item);
        Replayed(data, t, seed).Shuffle(label);
        random.Shuffle(user);

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

    /// <summary>A Random in the state of <c>new Random(seed)</c> after the two block shuffles of <see cref="BuildInPlace"/>.</summary>
    private static Random Replayed(RatingMatrix data, int t, int seed)
    {
        var random = new Random(seed);
        RandomBlocks(data.Users, t, random);
        RandomBlocks(data.Items, t, random);
        return random;
    }

    /// <summary>Moves cell j to position to[j] (a permutation) along its cycles; <paramref name="to"/> is used up.</summary>
    private static void MoveToPositions(int[] user, int[] item, float[] label, int[] to)
    {
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
