namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// A trained factorization: score(u, i) = mean + bu + bi + pu·qi (implicit models have no mean or biases).
/// Unknown users or items (key outside the trained range) are defined, never NaN: an unknown side contributes
/// a zero bias and, for implicit models, the mean user row (a popularity-like score in latent space).
/// </summary>
public sealed class FactorModel
{
    public FactorModel(int users, int items, int rank, float[] userFactors, float[] itemFactors, float globalMean, float[]? userBias, float[]? itemBias)
    {
        Users = users;
        Items = items;
        Rank = rank;
        Stride = FactorMath.StrideFor(rank);
        UserFactors = userFactors;
        ItemFactors = itemFactors;
        GlobalMean = globalMean;
        UserBias = userBias;
        ItemBias = itemBias;
        MeanUser = new float[Stride];
        for (var u = 0; u < users; u++)
        {
            FactorMath.Axpy(1f / users, UserRow(u), MeanUser);
        }
    }

    public int Users { get; }

    public int Items { get; }

    public int Rank { get; }

    /// <summary>Floats between consecutive rows of <see cref="UserFactors"/> and <see cref="ItemFactors"/>.</summary>
    public int Stride { get; }

    public float[] UserFactors { get; }

    public float[] ItemFactors { get; }

    public float GlobalMean { get; }

    public float[]? UserBias { get; }

    public float[]? ItemBias { get; }

    public bool IsImplicit => UserBias is null;

    /// <summary>Mean of the user rows: the stand-in for a user the model has not seen.</summary>
    public float[] MeanUser { get; }

    public ReadOnlySpan<float> UserRow(int user) => UserFactors.AsSpan(user * Stride, Stride);

    public ReadOnlySpan<float> ItemRow(int item) => ItemFactors.AsSpan(item * Stride, Stride);

    public bool KnowsUser(int user) => (uint)user < (uint)Users;

    public bool KnowsItem(int item) => (uint)item < (uint)Items;

    public float Score(int user, int item)
    {
        var knownUser = KnowsUser(user);
        var knownItem = KnowsItem(item);
        var score = GlobalMean;
        if (UserBias is not null && knownUser)
        {
            score += UserBias[user];
        }

        if (ItemBias is not null && knownItem)
        {
            score += ItemBias[item];
        }

        if (knownItem && (knownUser || IsImplicit))
        {
            score += FactorMath.Dot(knownUser ? UserRow(user) : MeanUser, ItemRow(item));
        }

        return score;
    }

    /// <summary>The first <see cref="Rank"/> values of a row, for output tables.</summary>
    public float[] Copy(ReadOnlySpan<float> row) => row[..Rank].ToArray();
}
