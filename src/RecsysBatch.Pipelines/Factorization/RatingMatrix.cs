using System.Globalization;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Training cells in coordinate form (user, item, label), users 0..Users-1 and items 0..Items-1.
/// Construction validates what would otherwise fail deep inside training, with a message a user can act on.
/// </summary>
internal sealed class RatingMatrix
{
    public RatingMatrix(int users, int items, int[] user, int[] item, float[] label, string what = "training data")
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(label);
        if (user.Length != item.Length || user.Length != label.Length)
        {
            throw new ArgumentException("user, item and label must have the same length.", nameof(label));
        }

        if (label.Length == 0)
        {
            throw new RecsysException($"{what}: no ratings to factorize (after filtering).");
        }

        for (var j = 0; j < label.Length; j++)
        {
            if (!float.IsFinite(label[j]))
            {
                throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"{what}: row {j + 1}: label is {label[j]}; labels must be finite."));
            }

            if ((uint)user[j] >= (uint)users || (uint)item[j] >= (uint)items)
            {
                throw new RecsysException($"{what}: row {j + 1}: user {user[j]} or item {item[j]} is outside the key range.");
            }
        }

        Users = users;
        Items = items;
        User = user;
        Item = item;
        Label = label;
    }

    public int Users { get; }

    public int Items { get; }

    public int[] User { get; }

    public int[] Item { get; }

    public float[] Label { get; }

    public int Count => Label.Length;

    /// <summary>Throws when the data cannot support a factorization with these options.</summary>
    public void Validate(MatrixFactorizationOptions options, string what = "training data")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(what);
        var distinctUsers = CountDistinct(User, Users);
        var distinctItems = CountDistinct(Item, Items);
        if (distinctUsers < 2 || distinctItems < 2)
        {
            throw new RecsysException($"{what}: {distinctUsers} user(s) and {distinctItems} item(s) have ratings; factorization needs at least 2 of each.");
        }

        if (options.LossFunction != MfLossFunction.SquareLossRegression)
        {
            return;
        }

        // Blocks beyond the distinct users/items would be empty; fewer blocks keep them all useful.
        if (options.ResolvedBlocks > Math.Min(distinctUsers, distinctItems))
        {
            throw new RecsysException($"{what}: {options.ResolvedBlocks} blocks need as many distinct users and items, but only {Math.Min(distinctUsers, distinctItems)} exist; use fewer threads or blocks.");
        }
    }

    /// <summary>How many distinct keys in [0, range) occur.</summary>
    public static int CountDistinct(int[] keys, int range)
    {
        var seen = new bool[range];
        var count = 0;
        foreach (var k in keys)
        {
            if (!seen[k])
            {
                seen[k] = true;
                count++;
            }
        }

        return count;
    }
}
