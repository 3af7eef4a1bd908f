namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The planted item side: Zipf-sized categories, Zipf popularity over a random order of items, and latent
/// vectors built around a per-category centroid (so items of one category look alike to a factorizer).
/// </summary>
internal sealed class SyntheticItems
{
    /// <summary>How strongly latent vectors lean on their category centroid versus own noise.</summary>
    public const double CentroidWeight = 0.7;

    private SyntheticItems(int count, int categories, int dim)
    {
        Count = count;
        Dim = dim;
        Category = new int[count];
        PopularityRank = new int[count];
        Popularity = new double[count];
        PopularityTerm = new double[count];
        Latent = new float[count * dim];
        CategoryCentroids = new double[categories * dim];
        CategoryWeights = new double[categories];
        CategoryCumulative = new double[categories];
        MemberDraw = new AliasTable[categories];
    }

    public int Count { get; }
    public int Dim { get; }
    public int[] Category { get; }
    public int[] PopularityRank { get; }

    /// <summary>Popularity relative to the most popular item: 1/(rank+1)^zipf.</summary>
    public double[] Popularity { get; }

    /// <summary>The popularity part of affinity, 1 − ln(rank+1)/ln(items+1), in (0, 1].</summary>
    public double[] PopularityTerm { get; }
    /// <summary>Single precision: at benchmark scale the latents are read at random and must stay cache-friendly.</summary>
    public float[] Latent { get; }
    public double[] CategoryCentroids { get; }
    public double[] CategoryWeights { get; }
    public double[] CategoryCumulative { get; }

    /// <summary>Per category: draws an item id with probability ∝ popularity.</summary>
    public AliasTable[] MemberDraw { get; }

    public ReadOnlySpan<float> LatentOf(int item) => Latent.AsSpan(item * Dim, Dim);

    public static SyntheticItems Create(SyntheticOptions options, SyntheticRandom random)
    {
        var categories = options.Categories;
        var items = new SyntheticItems(options.Items, categories, options.LatentDim);
        var total = 0.0;
        for (var c = 0; c < categories; c++)
        {
            items.CategoryWeights[c] = 1 / Math.Pow(c + 1, options.CategoryZipf);
            total += items.CategoryWeights[c];
            items.CategoryCumulative[c] = total;
        }

        for (var c = 0; c < categories; c++)
        {
            items.CategoryWeights[c] /= total;
        }

        // The first item of each category is placed by hand so that no category is empty.
        for (var i = 0; i < items.Count; i++)
        {
            items.Category[i] = i < categories ? i : random.NextFromCumulative(items.CategoryCumulative);
        }

        AssignPopularity(items, options, random);
        AssignLatents(items, random);
        BuildMembers(items);
        return items;
    }

    private static void AssignPopularity(SyntheticItems items, SyntheticOptions options, SyntheticRandom random)
    {
        var order = new int[items.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var logSpan = Math.Log(items.Count + 1);
        for (var rank = 0; rank < order.Length; rank++)
        {
            var item = order[rank];
            items.PopularityRank[item] = rank + 1;
            items.Popularity[item] = 1 / Math.Pow(rank + 1, options.ItemZipf);
            items.PopularityTerm[item] = 1 - (Math.Log(rank + 1) / logSpan);
        }
    }

    private static void AssignLatents(SyntheticItems items, SyntheticRandom random)
    {
        // Entries scaled by dim^-1/4 on both sides keep u·v near unit variance whatever the dimension.
        var scale = Math.Pow(items.Dim, -0.25);
        for (var k = 0; k < items.CategoryCentroids.Length; k++)
        {
            items.CategoryCentroids[k] = random.NextNormal();
        }

        for (var i = 0; i < items.Count; i++)
        {
            var centroid = items.Category[i] * items.Dim;
            for (var k = 0; k < items.Dim; k++)
            {
                var mixed = (CentroidWeight * items.CategoryCentroids[centroid + k]) + (CentroidWeight * random.NextNormal());
                items.Latent[(i * items.Dim) + k] = (float)(scale * mixed);
            }
        }
    }

    private static void BuildMembers(SyntheticItems items)
    {
        var lists = new List<int>[items.CategoryWeights.Length];
        for (var c = 0; c < lists.Length; c++)
        {
            lists[c] = [];
        }

        for (var i = 0; i < items.Count; i++)
        {
            lists[items.Category[i]].Add(i);
        }

        for (var c = 0; c < lists.Length; c++)
        {
            var members = lists[c].ToArray();
            var weights = new double[members.Length];
            for (var m = 0; m < members.Length; m++)
            {
                weights[m] = items.Popularity[members[m]];
            }

            items.MemberDraw[c] = new AliasTable(weights, members);
        }
    }
}
