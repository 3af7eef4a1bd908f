using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// The λ / learning-rate search of the explicit trainer on planted data where the right amount of regularisation is
/// known: each choice test fails if the search returned the old fixed default (λ 0.05) instead.
/// </summary>
[TestClass]
public sealed class SgdSearchTests
{
    private const double OldDefaultLambda = 0.05;

    /// <summary>Dense, nearly noise-free rank-4 ratings: every cell is signal, so shrinking factors only costs accuracy.</summary>
    private static readonly PlantedMatrix Clean = new(users: 200, items: 150, rank: 4, observed: 0.5, noise: 0.05, seed: 11);

    /// <summary>About 8 ratings per user of weak rank-1 structure under heavy noise: a rank-8 model overfits unless regularised hard.</summary>
    private static readonly PlantedMatrix Noisy = new(users: 300, items: 200, rank: 1, observed: 0.04, noise: 1.2, seed: 12);

    private static MatrixFactorizationOptions Options(int seed = 5) => new()
    {
        ApproximationRank = 8,
        NumberOfIterations = 60,
        NumberOfThreads = 2,
        Seed = seed,
    };

    [TestMethod]
    public void Choose_NoisySparseRatings_PicksLargerLambdaThanOldDefault()
    {
        var (train, validation) = InnerValidation.Random(Noisy.Train, seed: 1);

        var choice = SgdSearch.Choose(train, validation, Options(), lambda: null, learningRate: 0.02);

        Assert.IsGreaterThan(OldDefaultLambda, choice.Lambda, Describe(choice));
        Assert.AreEqual(SgdSearch.Lambdas.Length, choice.Grid.Count);
    }

    [TestMethod]
    public void Choose_DenseCleanRatings_PicksSmallerLambdaThanOldDefault()
    {
        var (train, validation) = InnerValidation.Random(Clean.Train, seed: 1);

        var choice = SgdSearch.Choose(train, validation, Options(), lambda: null, learningRate: 0.02);

        Assert.IsLessThan(OldDefaultLambda, choice.Lambda, Describe(choice));
    }

    [TestMethod]
    public void Choose_ExplicitValues_HonouredWithoutSearch()
    {
        var (train, validation) = InnerValidation.Random(Clean.Train, seed: 1);

        var both = SgdSearch.Choose(train, validation, Options(), lambda: 0.3, learningRate: 0.004);
        var rateOnly = SgdSearch.Choose(train, validation, Options(), lambda: 0.3, learningRate: null);

        Assert.AreEqual((0.3, 0.004), (both.Lambda, both.LearningRate));
        Assert.IsFalse(both.Searched);
        Assert.AreEqual(0.3, rateOnly.Lambda);
        CollectionAssert.AreEqual(SgdSearch.LearningRates, rateOnly.Grid.Select(g => g.LearningRate).ToArray());
        Assert.IsTrue(rateOnly.Grid.All(g => g.Lambda == 0.3));
    }

    [TestMethod]
    public void Choose_SameSeed_SameGridScores()
    {
        var (train, validation) = InnerValidation.Random(Noisy.Train, seed: 1);

        var a = SgdSearch.Choose(train, validation, Options(), lambda: null, learningRate: 0.02);
        var b = SgdSearch.Choose(train, validation, Options(), lambda: null, learningRate: 0.02);
        var other = SgdSearch.Choose(train, validation, Options(seed: 9), lambda: null, learningRate: 0.02);

        CollectionAssert.AreEqual(a.Grid.Select(g => g.Rmse).ToArray(), b.Grid.Select(g => g.Rmse).ToArray());
        CollectionAssert.AreNotEqual(a.Grid.Select(g => g.Rmse).ToArray(), other.Grid.Select(g => g.Rmse).ToArray());
    }

    [TestMethod]
    public void Random_InnerSplit_PartitionsTheTrainingRatings()
    {
        var (train, validation) = InnerValidation.Random(Clean.Train, seed: 1);

        Assert.AreEqual(Clean.Train.Count, train.Count + validation.Count);
        Assert.AreEqual((int)(Clean.Train.Count * InnerValidation.RandomShare), validation.Count);
        var cells = Clean.Train.User.Zip(Clean.Train.Item).ToHashSet();
        Assert.IsTrue(validation.User.Zip(validation.Item).All(cells.Contains), "validation cells come from the training ratings only");
    }

    private static string Describe(SgdChoice choice) =>
        string.Join("; ", choice.Grid.Select(g => $"λ {g.Lambda}: {g.Rmse:F4} after {g.Epochs}"));
}
