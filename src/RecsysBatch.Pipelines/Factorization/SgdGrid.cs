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
