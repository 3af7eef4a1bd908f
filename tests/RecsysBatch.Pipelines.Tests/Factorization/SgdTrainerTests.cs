using RecsysBatch.Core;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class SgdTrainerTests
{
    private static readonly PlantedMatrix Planted = new(users: 300, items: 200, rank: 4, observed: 0.3, noise: 0.1, seed: 3);

    private static MatrixFactorizationOptions Options(int threads = 2, int seed = 5) => new()
    {
        ApproximationRank = 8,
        NumberOfIterations = 60,
        LearningRate = 0.02,
        Lambda = 0.02,
        NumberOfThreads = threads,
        Seed = seed,
    };

    [TestMethod]
    public void Train_PlantedLowRank_RecoversHeldOutCellsNearNoiseLevel()
    {
        var model = SgdTrainer.Train(Planted.Train, Options());

        var heldOut = PlantedMatrix.Rmse(model, Planted.Test);
        var spread = PlantedMatrix.StandardDeviation(Planted.Test);

        // Noise is 0.1 and the cells' spread about 0.85: recovery must get close to the noise on unseen cells.
        Assert.IsLessThan(0.2, heldOut, $"held-out RMSE {heldOut:F3}, spread {spread:F3}");
        Assert.IsGreaterThan(0.7, spread);
    }

    [TestMethod]
    public void Train_Epochs_TrainingLossDecreases()
    {
        var trace = new TrainingTrace();
        SgdTrainer.Train(Planted.Train, Options(), trace);

        Assert.HasCount(60, trace.Loss);
        Assert.IsLessThan(trace.Loss[0] / 5, trace.Loss[^1]);
        for (var e = 5; e < trace.Loss.Count; e++)
        {
            Assert.IsLessThanOrEqualTo(trace.Loss[e - 5] + 1e-6, trace.Loss[e], $"epoch {e}");
        }
    }

    [TestMethod]
    public void Train_SameSeedAndThreads_IdenticalModels()
    {
        var a = SgdTrainer.Train(Planted.Train, Options(threads: 2));
        var b = SgdTrainer.Train(Planted.Train, Options(threads: 2));
        var c = SgdTrainer.Train(Planted.Train, Options(threads: 2, seed: 6));

        CollectionAssert.AreEqual(a.UserFactors, b.UserFactors);
        CollectionAssert.AreEqual(a.ItemFactors, b.ItemFactors);
        CollectionAssert.AreEqual(a.ItemBias, b.ItemBias);
        CollectionAssert.AreNotEqual(a.UserFactors, c.UserFactors);
    }

    [TestMethod]
    public void Train_SameBlocksOneOrTwoThreads_IdenticalModels()
    {
        var one = Options(threads: 1);
        one.NumberOfBlocks = 4;
        var two = Options(threads: 2);
        two.NumberOfBlocks = 4;

        CollectionAssert.AreEqual(SgdTrainer.Train(Planted.Train, one).ItemFactors, SgdTrainer.Train(Planted.Train, two).ItemFactors);
    }

    [TestMethod]
    public void Score_UnknownUserOrItem_FiniteMeanPlusKnownBias()
    {
        var model = SgdTrainer.Train(Planted.Train, Options());

        Assert.AreEqual(model.GlobalMean + model.ItemBias![7], model.Score(-1, 7), 1e-6);
        Assert.AreEqual(model.GlobalMean + model.UserBias![3], model.Score(3, 10_000), 1e-6);
        Assert.AreEqual(model.GlobalMean, model.Score(10_000, 10_000));
    }

    [TestMethod]
    public void Train_BadInput_ClearErrorsBeforeTraining()
    {
        var nan = Assert.ThrowsExactly<RecsysException>(() => new RatingMatrix(3, 3, [0, 1], [0, 1], [1f, float.NaN]));
        StringAssert.Contains(nan.Message, "row 2");
        Assert.ThrowsExactly<RecsysException>(() => new RatingMatrix(3, 3, [], [], []));

        var single = new RatingMatrix(3, 3, [0, 0], [0, 1], [1f, 2f]);
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => SgdTrainer.Train(single, Options())).Message, "1 user(s)");

        var rank = Options();
        rank.ApproximationRank = 0;
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => SgdTrainer.Train(Planted.Train, rank)).Message, "ApproximationRank");

        var blocks = Options(threads: 4);
        blocks.NumberOfBlocks = 2;
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => SgdTrainer.Train(Planted.Train, blocks)).Message, "4 threads but only 2 blocks");

        var tiny = new RatingMatrix(3, 3, [0, 1], [0, 1], [1f, 2f]);
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => SgdTrainer.Train(tiny, Options(threads: 3))).Message, "fewer threads");
    }
}
