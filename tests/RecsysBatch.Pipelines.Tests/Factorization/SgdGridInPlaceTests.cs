using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class SgdGridInPlaceTests
{
    private static RatingMatrix Random(int users, int items, int count, int seed)
    {
        var random = new Random(seed);
        var (user, item, label) = (new int[count], new int[count], new float[count]);
        for (var j = 0; j < count; j++)
        {
            (user[j], item[j], label[j]) = (random.Next(users), random.Next(items), random.Next(1, 11) / 2f);
        }

        return new RatingMatrix(users, items, user, item, label);
    }

    private static RatingMatrix Copy(RatingMatrix data) =>
        new(data.Users, data.Items, [.. data.User], [.. data.Item], [.. data.Label]);

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    [DataRow(7)]
    public void BuildInPlace_SameGridAndDrawsAsBuild(int t)
    {
        var data = Random(users: 60, items: 45, count: 3_000, seed: t);
        var copy = Copy(data);
        var (a, b) = (new Random(11), new Random(11));

        var built = SgdGrid.Build(data, t, a);
        var inPlace = SgdGrid.BuildInPlace(copy, t, b);

        AssertSameGrid(built, inPlace);
        Assert.AreSame(copy.User, inPlace.User, "the grid is built in the matrix's own arrays");
        Assert.AreEqual(a.Next(), b.Next(), "the trainer's later draws (initial factors) must not move");
    }

    [TestMethod]
    public void BuildInPlace_ManyChunksOfPositions_SameGridAsBuild()
    {
        // More cells than several chunks of MoveToPositions, and not a multiple of one.
        var data = Random(users: 3_000, items: 900, count: 150_001, seed: 5);
        var copy = Copy(data);

        var built = SgdGrid.Build(data, 8, new Random(17));
        var inPlace = SgdGrid.BuildInPlace(copy, 8, new Random(17));

        AssertSameGrid(built, inPlace);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(32_768)]
    [DataRow(100_003)]
    public void MoveToPositions_PutsEachCellAtItsPosition(int n)
    {
        var random = new Random(n);
        var to = Enumerable.Range(0, n).ToArray();
        random.Shuffle(to);
        var (user, item, label) = (new int[n], new int[n], new float[n]);
        for (var j = 0; j < n; j++)
        {
            (user[j], item[j], label[j]) = (j, -j, j + 0.5f);
        }

        var expected = new int[n];
        for (var j = 0; j < n; j++)
        {
            expected[to[j]] = j;
        }

        SgdGrid.MoveToPositions(user, item, label, to);

        CollectionAssert.AreEqual(expected, user);
        CollectionAssert.AreEqual(expected.Select(j => -j).ToArray(), item);
        CollectionAssert.AreEqual(expected.Select(j => j + 0.5f).ToArray(), label);
    }

    [TestMethod]
    public void ShuffleTogether_SameSwapsAndDrawsAsRandomShuffle()
    {
        const int N = 10_000;
        var (user, item, label) = (Enumerable.Range(0, N).ToArray(), Enumerable.Range(N, N).ToArray(), Enumerable.Range(0, N).Select(j => j / 4f).ToArray());
        var (a, b) = (new Random(23), new Random(23));
        var expected = Enumerable.Range(0, N).ToArray();
        a.Shuffle(expected);

        SgdGrid.ShuffleTogether(user, item, label, b);

        CollectionAssert.AreEqual(expected, user);
        CollectionAssert.AreEqual(expected.Select(j => j + N).ToArray(), item);
        CollectionAssert.AreEqual(expected.Select(j => j / 4f).ToArray(), label);
        Assert.AreEqual(a.Next(), b.Next());
    }

    [TestMethod]
    public void BuildInPlace_MoreUsersTimesBlocksThanRatings_CopiesAndLeavesTheCells()
    {
        var data = Random(users: 500, items: 30, count: 400, seed: 3);
        var before = Copy(data);

        var grid = SgdGrid.BuildInPlace(data, 4, new Random(2));
        var built = SgdGrid.Build(before, 4, new Random(2));

        CollectionAssert.AreEqual(built.User, grid.User);
        CollectionAssert.AreEqual(before.User, data.User);
        CollectionAssert.AreEqual(before.Label, data.Label);
    }

    [TestMethod]
    public void Train_ReorderCells_SameModelAsCopyingTheCells()
    {
        var data = Random(users: 80, items: 50, count: 4_000, seed: 9);
        var options = new MatrixFactorizationOptions
        {
            ApproximationRank = 8, NumberOfIterations = 5, LearningRate = 0.02, Lambda = 0.05, NumberOfThreads = 2, Seed = 4,
        };

        var copied = SgdTrainer.Train(Copy(data), options);
        var reordered = SgdTrainer.Train(Copy(data), options, reorderCells: true);

        CollectionAssert.AreEqual(copied.UserFactors, reordered.UserFactors);
        CollectionAssert.AreEqual(copied.ItemFactors, reordered.ItemFactors);
        CollectionAssert.AreEqual(copied.UserBias, reordered.UserBias);
        CollectionAssert.AreEqual(copied.ItemBias, reordered.ItemBias);
        Assert.AreEqual(copied.GlobalMean, reordered.GlobalMean);
    }

    private static void AssertSameGrid(SgdGrid expected, SgdGrid actual)
    {
        CollectionAssert.AreEqual(expected.Start, actual.Start);
        CollectionAssert.AreEqual(expected.User, actual.User);
        CollectionAssert.AreEqual(expected.Item, actual.Item);
        CollectionAssert.AreEqual(expected.Label, actual.Label);
    }
}
