using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>The NonNegative option (as in ML.NET's MatrixFactorizationTrainer.Options) keeps every factor ≥ 0.</summary>
[TestClass]
public sealed class NonNegativeTests
{
    private static readonly PlantedMatrix Planted = new(users: 200, items: 150, rank: 4, observed: 0.3, noise: 0.1, seed: 8);

    [TestMethod]
    [DataRow(MfLossFunction.SquareLossRegression)]
    [DataRow(MfLossFunction.SquareLossOneClass)]
    public void Train_NonNegative_EveryFactorIsNonNegativeWhileTheFreeModelHasNegatives(MfLossFunction loss)
    {
        var free = Train(loss, nonNegative: false);
        var constrained = Train(loss, nonNegative: true);

        Assert.IsTrue(free.UserFactors.Any(f => f < 0) || free.ItemFactors.Any(f => f < 0), "the unconstrained model should use negative factors");
        Assert.IsTrue(constrained.UserFactors.All(f => f >= 0), "user factors");
        Assert.IsTrue(constrained.ItemFactors.All(f => f >= 0), "item factors");
        Assert.IsTrue(constrained.UserFactors.Any(f => f > 0), "not collapsed to zero");
    }

    private static FactorModel Train(MfLossFunction loss, bool nonNegative)
    {
        var options = new MatrixFactorizationOptions
        {
            LossFunction = loss,
            ApproximationRank = 6,
            NumberOfIterations = loss == MfLossFunction.SquareLossOneClass ? 6 : 30,
            LearningRate = 0.02,
            Lambda = loss == MfLossFunction.SquareLossOneClass ? 0.5 : 0.02,
            NonNegative = nonNegative,
            NumberOfThreads = 2,
            Seed = 3,
        };
        var data = loss == MfLossFunction.SquareLossOneClass ? Positive(Planted.Train) : Planted.Train;
        return loss == MfLossFunction.SquareLossOneClass ? AlsTrainer.Train(data, options) : SgdTrainer.Train(data, options);
    }

    /// <summary>One-class data: the observed cells with weight 1.</summary>
    private static RatingMatrix Positive(RatingMatrix cells) =>
        new(cells.Users, cells.Items, [.. cells.User], [.. cells.Item], [.. cells.Label.Select(_ => 1f)]);
}
