using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class RatingCrossValidationTests
{
    [TestMethod]
    public void KFold_PlantedRatings_EveryRatingTestedOnceWithLowError()
    {
        var planted = new PlantedMatrix(users: 120, items: 80, rank: 3, observed: 0.5, noise: 0.1, seed: 2);
        var options = new MatrixFactorizationOptions { ApproximationRank = 6, NumberOfIterations = 40, LearningRate = 0.02, Lambda = 0.02, NumberOfThreads = 2 };

        var folds = RatingCrossValidation.KFold(planted.Train, options, folds: 3, seed: 1);

        Assert.HasCount(3, folds);
        Assert.AreEqual(planted.Train.Count, folds.Sum(f => f.TestRatings));
        Assert.IsTrue(folds.All(f => f.TrainRatings + f.TestRatings == planted.Train.Count));
        // Well under the spread of the ratings (what predicting the mean would score).
        Assert.IsLessThan(0.5 * PlantedMatrix.StandardDeviation(planted.Train), folds.Average(f => f.Rmse));
        Assert.IsTrue(folds.All(f => f.Mae < f.Rmse && f.SecondsPerEpoch > 0));
    }

    [TestMethod]
    public void KFold_SearchLambda_EachFoldChoosesFromTheGridAndKeepsTheRate()
    {
        var planted = new PlantedMatrix(users: 120, items: 80, rank: 3, observed: 0.5, noise: 0.1, seed: 2);
        var options = new MatrixFactorizationOptions { ApproximationRank = 6, NumberOfIterations = 40, LearningRate = 0.02, Lambda = 0.05, NumberOfThreads = 2 };

        var searched = RatingCrossValidation.KFold(planted.Train, options, folds: 3, seed: 1, search: (true, false));
        var fixedLambda = RatingCrossValidation.KFold(planted.Train, options, folds: 3, seed: 1);

        Assert.IsTrue(searched.All(f => f.Choice.Grid.Count == SgdSearch.Lambdas.Length && f.Choice.LearningRate == 0.02), "λ only is searched");
        Assert.IsTrue(searched.All(f => SgdSearch.Lambdas.Contains(f.Choice.Lambda)));
        // Low-noise planted ratings want little shrinkage: the folds must not all have kept the 0.05 passed in.
        Assert.IsTrue(searched.Any(f => f.Choice.Lambda < 0.05), string.Join(", ", searched.Select(f => f.Choice.Lambda)));
        Assert.IsTrue(fixedLambda.All(f => !f.Choice.Searched && f.Choice.Lambda == 0.05));
    }
}
