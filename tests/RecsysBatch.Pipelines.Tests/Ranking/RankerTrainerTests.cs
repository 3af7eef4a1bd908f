using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankerTrainerTests
{
    [TestMethod]
    public void Train_PlantedCategoryAndFactorSignal_LearnsItAndStopsEarly()
    {
        var contract = RankerFixtures.SmallContract();
        var (train, trainLabels) = Planted(contract, 3000, seed: 1);
        var (validation, validationLabels) = Planted(contract, 1000, seed: 2);
        var options = new RankerTrainingOptions { Embedding = 4, Hidden1 = 16, Hidden2 = 8, MaxEpochs = 200, Patience = 2, BatchSize = 64, LearningRate = 0.01f, Seed = 3 };

        var (model, report) = RankerTrainer.Train(contract, train, trainLabels, validation, validationLabels, options);

        // Labels follow a rule the network can represent: the base rate alone gives log-loss ln 2 ≈ 0.69.
        Assert.IsLessThan(0.45, report.BestValidationLoss);
        Assert.IsLessThan(options.MaxEpochs, report.Epochs, "early stopping never triggered");
        Assert.AreEqual(report.BestEpoch + options.Patience + 1, report.Epochs);
        var act = new RankerActivations<float>(model.Architecture);
        Assert.AreEqual(report.BestValidationLoss, RankerTrainer.LogLoss(model.Network, validation, validationLabels, act), 1e-9, "the best epoch's parameters are the ones returned");

        var (again, _) = RankerTrainer.Train(contract, train, trainLabels, validation, validationLabels, options);
        CollectionAssert.AreEqual(model.Network.Parameters, again.Network.Parameters, "same inputs and seed give the same model");
    }

    /// <summary>Positive when the item's category occurs in the behaviour sequence, or the factor dot product is large.</summary>
    private static (RankerBatch Rows, float[] Labels) Planted(RankerContract contract, int n, int seed)
    {
        var rows = RankerFixtures.RandomBatch(contract, n, seed);
        var labels = new float[n];
        var random = new Random(seed + 100);
        for (var r = 0; r < n; r++)
        {
            if (random.Next(2) == 0)
            {
                rows.ItemCategory[r] = rows.BehaviorMask[r * 5] > 0 ? rows.BehaviorCategories[r * 5] : rows.ItemCategory[r];
            }

            var seen = false;
            for (var l = 0; l < 5; l++)
            {
                seen |= rows.BehaviorMask[(r * 5) + l] > 0 && rows.BehaviorCategories[(r * 5) + l] == rows.ItemCategory[r];
            }

            var dot = 0f;
            for (var k = 0; k < 4; k++)
            {
                dot += rows.UserFactors[(r * 4) + k] * rows.ItemFactors[(r * 4) + k];
            }

            labels[r] = seen || dot > 0.3f ? 1f : 0f;
        }

        return (rows, labels);
    }
}
