namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>The planted items and users of one options + seed; built from its own random stream.</summary>
internal sealed class SyntheticWorld
{
    private const ulong WorldStream = 1;

    private SyntheticWorld(SyntheticOptions options, SyntheticItems items, SyntheticUsers users)
    {
        Options = options;
        Items = items;
        Users = users;
    }

    public SyntheticOptions Options { get; }
    public SyntheticItems Items { get; }
    public SyntheticUsers Users { get; }

    public static SyntheticWorld Create(SyntheticOptions options)
    {
        options.Validate();
        var random = new SyntheticRandom(options.Seed, WorldStream);
        var items = SyntheticItems.Create(options, random);
        var users = SyntheticUsers.Create(options, items, random);
        return new SyntheticWorld(options, items, users);
    }

    /// <summary>u·v accumulated in double, so the value does not depend on vectorisation or the machine.</summary>
    public double Dot(int user, int item)
    {
        var u = Users.LatentOf(user);
        var v = Items.LatentOf(item);
        var sum = 0.0;
        for (var k = 0; k < u.Length; k++)
        {
            sum += (double)u[k] * v[k];
        }

        return sum;
    }

    /// <summary>The planted affinity: u·v plus the item's popularity term.</summary>
    public double Affinity(int user, int item) => Dot(user, item) + Items.PopularityTerm[item];
}
