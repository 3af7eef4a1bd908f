using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class AlsTrainerTests
{
    private const int Groups = 4;
    private const int UsersPerGroup = 50;
    private const int ItemsPerGroup = 40;

    private static readonly (RatingMatrix Data, HashSet<(int, int)> Seen) Planted = PlantGroups(seed: 11);

    private static MatrixFactorizationOptions Options(int threads = 2) => new()
    {
        LossFunction = MfLossFunction.SquareLossOneClass,
        ApproximationRank = 8,
        NumberOfIterations = 8,
        Lambda = 0.5,
        Alpha = 10,
        NumberOfThreads = threads,
        Seed = 4,
    };

    [TestMethod]
    public void Train_PlantedGroups_TopUnseenItemsAreTheUsersGroup()
    {
        var model = AlsTrainer.Train(Planted.Data, Options());

        // Precision@10 of unseen items from the user's own group; popularity would score about 1/Groups.
        var hits = 0;
        var users = Groups * UsersPerGroup;
        for (var u = 0; u < users; u++)
        {
            var top = Enumerable.Range(0, Groups * ItemsPerGroup)
                .Where(i => !Planted.Seen.Contains((u, i)))
                .OrderByDescending(i => model.Score(u, i))
                .Take(10);
            hits += top.Count(i => i / ItemsPerGroup == u / UsersPerGroup);
        }

        Assert.IsGreaterThan(0.9, hits / (10.0 * users));
    }

    [TestMethod]
    public void Train_Sweeps_WeightedObjectiveDecreases()
    {
        var trace = new TrainingTrace();
        AlsTrainer.Train(Planted.Data, Options(), trace);

        Assert.HasCount(8, trace.Loss);
        for (var s = 1; s < trace.Loss.Count; s++)
        {
            Assert.IsLessThanOrEqualTo(trace.Loss[s - 1] * (1 + 1e-6), trace.Loss[s], $"sweep {s}");
        }

        Assert.IsLessThan(trace.Loss[0], trace.Loss[^1]);
    }

    [TestMethod]
    public void Continue_FromInitialFactors_SameItemFactorsAsTrainAndUserFactorsNearItsExactSolve()
    {
        var options = Options();
        var data = Planted.Data;
        var byUser = SparseRows.Build(data.Users, data.User, data.Item, data.Label);
        var (x, y) = AlsTrainer.InitialFactors(data.Users, data.Items, options);

        AlsTrainer.Continue(byUser, byUser.Transpose(data.Items), x, y, options);
        var trained = AlsTrainer.Train(data, options);

        // Same seed and sweeps: identical item factors; Train ends with an exact user solve, Continue with a CG user
        // half-sweep against the same item factors, so the user factors are near each other but not equal.
        CollectionAssert.AreEqual(trained.ItemFactors, y);
        CollectionAssert.AreNotEqual(trained.UserFactors, x);
        double distance = 0, norm = 0;
        for (var j = 0; j < x.Length; j++)
        {
            distance += (x[j] - trained.UserFactors[j]) * (x[j] - trained.UserFactors[j]);
            norm += trained.UserFactors[j] * trained.UserFactors[j];
        }

        Assert.IsLessThan(0.02, Math.Sqrt(distance / norm));
    }

    [TestMethod]
    public void Continue_WarmStartFewSweeps_ObjectiveNearColdStartAtFullSweeps()
    {
        var data = Planted.Data;
        var byUser = SparseRows.Build(data.Users, data.User, data.Item, data.Label);
        var byItem = byUser.Transpose(data.Items);
        var neighbour = Options();
        neighbour.Lambda = 1.5;
        var (x, y) = AlsTrainer.InitialFactors(data.Users, data.Items, neighbour);
        AlsTrainer.Continue(byUser, byItem, x, y, neighbour);
        var target = Options();
        var (coldX, coldY) = AlsTrainer.InitialFactors(data.Users, data.Items, target);
        AlsTrainer.Continue(byUser, byItem, coldX, coldY, target);

        // Three sweeps on from the λ = 1.5 factors reach the λ = 0.5 objective of eight sweeps from the seed within 1 %.
        target.NumberOfIterations = 3;
        AlsTrainer.Continue(byUser, byItem, x, y, target);
        var stride = FactorMath.StrideFor(target.ApproximationRank);
        var warm = AlsTrainer.Objective(byUser, x, y, data, target, stride);
        var cold = AlsTrainer.Objective(byUser, coldX, coldY, data, target, stride);
        Assert.IsLessThan(cold * 1.01, warm);
    }

    [TestMethod]
    public void Train_OneOrTwoThreads_IdenticalModels()
    {
        var one = AlsTrainer.Train(Planted.Data, Options(threads: 1));
        var two = AlsTrainer.Train(Planted.Data, Options(threads: 2));

        CollectionAssert.AreEqual(one.UserFactors, two.UserFactors);
        CollectionAssert.AreEqual(one.ItemFactors, two.ItemFactors);
    }

    [TestMethod]
    public void Score_UnknownUser_MeanUserScoreFiniteAndFavoursPopularItems()
    {
        var model = AlsTrainer.Train(Planted.Data, Options());

        var score = model.Score(-1, 0);
        Assert.IsTrue(float.IsFinite(score));
        Assert.AreEqual(0f, model.Score(0, 100_000));
    }

    /// <summary>Users of group g use items of group g with probability 0.5 and any item with probability 0.01.</summary>
    private static (RatingMatrix, HashSet<(int, int)>) PlantGroups(int seed)
    {
        var random = new Random(seed);
        var users = new List<int>();
        var items = new List<int>();
        var seen = new HashSet<(int, int)>();
        for (var u = 0; u < Groups * UsersPerGroup; u++)
        {
            for (var i = 0; i < Groups * ItemsPerGroup; i++)
            {
                var p = i / ItemsPerGroup == u / UsersPerGroup ? 0.5 : 0.01;
                if (random.NextDouble() < p)
                {
                    users.Add(u);
                    items.Add(i);
                    seen.Add((u, i));
                }
            }
        }

        var weights = Enumerable.Repeat(1f, users.Count).ToArray();
        return (new RatingMatrix(Groups * UsersPerGroup, Groups * ItemsPerGroup, [.. users], [.. items], weights), seen);
    }
}
