namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The planted user side: sparse category interests (with optional drift), BG/NBD-style activity and dropout,
/// purchase propensity, Gamma-Gamma spend, and a latent vector around the primary category's centroid.
/// Stored as flat arrays so a benchmark-sized population (hundreds of thousands of users) stays small.
/// </summary>
internal sealed class SyntheticUsers
{
    /// <summary>Interest slots per user: up to four own categories plus the drift target.</summary>
    public const int Slots = 5;

    /// <summary>Share of views that wander off the user's own categories to the general category mix.</summary>
    public const double ExploreShare = 0.15;

    /// <summary>Share of the from-category interest that has moved once a drift is complete, and days it takes.</summary>
    public const double DriftMovedShare = 0.9;
    public const int DriftRampDays = 3;

    private SyntheticUsers(int count, int dim)
    {
        Count = count;
        Dim = dim;
        StartDay = new int[count];
        Lambda = new double[count];
        PDropout = new double[count];
        Propensity = new double[count];
        Nu = new double[count];
        SlotCount = new int[count];
        SlotCategory = new int[count * Slots];
        SlotWeight = new double[count * Slots];
        DriftDay = new int[count];
        Latent = new float[count * dim];
    }

    public int Count { get; }
    public int Dim { get; }
    public int[] StartDay { get; }
    public double[] Lambda { get; }
    public double[] PDropout { get; }
    public double[] Propensity { get; }

    /// <summary>Gamma-Gamma rate ν: purchase amounts ~ Gamma(p, ν), mean p/ν.</summary>
    public double[] Nu { get; }
    public int[] SlotCount { get; }
    public int[] SlotCategory { get; }
    public double[] SlotWeight { get; }

    /// <summary>Day the drift starts, or −1 for users who do not drift. Slot 0 is the from-category; the last slot the target.</summary>
    public int[] DriftDay { get; }
    public float[] Latent { get; }

    public bool Drifting(int user) => DriftDay[user] >= 0;

    public int FromCategory(int user) => SlotCategory[user * Slots];

    public int ToCategory(int user) => SlotCategory[(user * Slots) + SlotCount[user] - 1];

    public ReadOnlySpan<float> LatentOf(int user) => Latent.AsSpan(user * Dim, Dim);

    /// <summary>Own-category weights on a day, with the drift applied: from-category mass moves to the target.</summary>
    public void WeightsOn(int user, int day, Span<double> weights)
    {
        var count = SlotCount[user];
        SlotWeight.AsSpan(user * Slots, count).CopyTo(weights);
        var driftDay = DriftDay[user];
        if (driftDay >= 0 && day >= driftDay)
        {
            var moved = weights[0] * DriftMovedShare * Math.Min(1.0, (day - driftDay + 1) / (double)DriftRampDays);
            weights[0] -= moved;
            weights[count - 1] += moved;
        }
    }

    public static SyntheticUsers Create(SyntheticOptions options, SyntheticItems items, SyntheticRandom random)
    {
        var users = new SyntheticUsers(options.Users, options.LatentDim);
        var scale = Math.Pow(options.LatentDim, -0.25);
        for (var u = 0; u < users.Count; u++)
        {
            users.StartDay[u] = options.Days > 1 && random.Chance(options.NewUserShare) ? 1 + random.NextInt(options.Days - 1) : 0;
            users.Lambda[u] = random.NextGamma(options.ActivityShapeR, options.ActivityRateAlpha);
            users.PDropout[u] = random.NextBeta(options.DropoutA, options.DropoutB);
            users.Propensity[u] = random.NextBeta(FunnelModel.PropensityBetaA, FunnelModel.PropensityBetaB);
            users.Nu[u] = random.NextGamma(options.SpendShapeQ, options.SpendRateGamma);
            AssignInterest(users, u, options, items, random);
            var centroid = users.SlotCategory[u * Slots] * options.LatentDim;
            for (var k = 0; k < options.LatentDim; k++)
            {
                var mixed = (SyntheticItems.CentroidWeight * items.CategoryCentroids[centroid + k])
                    + (SyntheticItems.CentroidWeight * random.NextNormal());
                users.Latent[(u * options.LatentDim) + k] = (float)(scale * mixed);
            }
        }

        return users;
    }

    private static void AssignInterest(SyntheticUsers users, int u, SyntheticOptions options, SyntheticItems items, SyntheticRandom random)
    {
        var baseSlot = u * Slots;
        var wanted = 1 + random.NextInt(Math.Min(Slots - 1, options.Categories));
        var count = 0;
        // Own categories follow the category sizes; a few redraws avoid duplicates, a clash just means fewer slots.
        for (var attempt = 0; attempt < wanted * 4 && count < wanted; attempt++)
        {
            var category = random.NextFromCumulative(items.CategoryCumulative);
            if (users.SlotCategory.AsSpan(baseSlot, count).IndexOf(category) < 0)
            {
                users.SlotCategory[baseSlot + count] = category;
                // The primary category holds about half of the own interest on average; the rest share what is left.
                users.SlotWeight[baseSlot + count] = count == 0 ? 2.0 + (2 * random.NextDouble()) : random.NextGamma(1, 1);
                count++;
            }
        }

        users.DriftDay[u] = -1;
        if (options.Categories > count && random.Chance(options.DriftShare))
        {
            // The target is a category the user did not care about, so the move shows in the views.
            int target;
            do
            {
                target = random.NextInt(options.Categories);
            }
            while (users.SlotCategory.AsSpan(baseSlot, count).IndexOf(target) >= 0);

            users.SlotCategory[baseSlot + count] = target;
            users.SlotWeight[baseSlot + count] = 0;
            count++;
            var earliest = options.Days / 4;
            users.DriftDay[u] = Math.Min(options.Days - 1, earliest + random.NextInt(Math.Max(1, (options.Days / 4) + 1)));
        }

        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            sum += users.SlotWeight[baseSlot + k];
        }

        for (var k = 0; k < count; k++)
        {
            users.SlotWeight[baseSlot + k] /= sum;
        }

        users.SlotCount[u] = count;
    }
}
