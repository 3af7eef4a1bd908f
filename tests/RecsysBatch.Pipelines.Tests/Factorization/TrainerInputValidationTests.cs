using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>Bad input to the factorization trainers fails before the first epoch, with a message naming what is wrong and the value.</summary>
[TestClass]
public sealed class TrainerInputValidationTests
{
    private static readonly PlantedMatrix Planted = new(users: 40, items: 30, rank: 2, observed: 0.5, noise: 0.1, seed: 11);

    private static MatrixFactorizationOptions Options(bool oneClass = false) => new()
    {
        LossFunction = oneClass ? MfLossFunction.SquareLossOneClass : MfLossFunction.SquareLossRegression,
        ApproximationRank = 4,
        NumberOfIterations = 5,
        NumberOfThreads = 2,
    };

    [TestMethod]
    public void RatingMatrix_NoRatingsAfterFiltering_SaysSo()
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => new RatingMatrix(5, 5, [], [], [], "held-out ratings"));

        StringAssert.StartsWith(error.Message, "held-out ratings: no ratings");
    }

    [TestMethod]
    public void Estimator_EveryRowMissingAKey_SaysHowManyRowsWereDropped()
    {
        var ml = new MLContext(1);
        var known = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(k => new NamedRow { User = $"u{k}", Item = $"i{k}", Label = 3 }));
        // Users the key mapping has never seen get the missing key (0): no row is left to learn from.
        var unseen = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 6).Select(k => new NamedRow { User = $"new{k}", Item = $"i{k % 3}", Label = 3 }));
        var keys = ml.Transforms.Conversion.MapValueToKey("UserId", nameof(NamedRow.User))
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemId", nameof(NamedRow.Item)))
            .Fit(known);
        var estimator = ml.Recommendation().Trainers.MatrixFactorization(Options());

        var error = Assert.ThrowsExactly<RecsysException>(() => estimator.Fit(keys.Transform(unseen)));

        StringAssert.Contains(error.Message, "no ratings to factorize: all 6 rows have a missing 'UserId' or 'ItemId' key");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Train_SingleUserOrSingleItem_NamesTheCounts(bool oneClass)
    {
        var oneUser = new RatingMatrix(4, 4, [2, 2, 2], [0, 1, 3], [1f, 2f, 3f]);
        var oneItem = new RatingMatrix(4, 4, [0, 1, 3], [2, 2, 2], [1f, 2f, 3f]);
        var options = Options(oneClass);
        options.NumberOfThreads = 1;
        options.NumberOfBlocks = 1;

        var user = Assert.ThrowsExactly<RecsysException>(() => Train(oneUser, options, out _));
        var item = Assert.ThrowsExactly<RecsysException>(() => Train(oneItem, options, out _));

        StringAssert.Contains(user.Message, "1 user(s) and 3 item(s) have ratings");
        StringAssert.Contains(item.Message, "3 user(s) and 1 item(s) have ratings");
        StringAssert.Contains(item.Message, "at least 2 of each");
    }

    [TestMethod]
    [DataRow(float.NaN, "NaN")]
    [DataRow(float.PositiveInfinity, "Infinity")]
    [DataRow(float.NegativeInfinity, "-Infinity")]
    public void RatingMatrix_NonFiniteLabel_NamesRowAndValue(float bad, string shown)
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => new RatingMatrix(3, 3, [0, 1, 2], [0, 1, 2], [4f, 3f, bad]));

        StringAssert.Contains(error.Message, $"row 3: label is {shown}; labels must be finite");
    }

    [TestMethod]
    public void Estimator_NonFiniteLabel_FailsBeforeTraining()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 12).Select(k => new KeyedRow { UserId = (uint)(1 + (k % 4)), ItemId = (uint)(1 + (k % 3)), Label = k == 7 ? float.NaN : 3 }).ToList();
        var estimator = ml.Recommendation().Trainers.MatrixFactorization(Options());

        var error = Assert.ThrowsExactly<RecsysException>(() => estimator.Fit(ml.Data.LoadFromEnumerable(rows)));

        StringAssert.Contains(error.Message, "row 8: label is NaN");
        Assert.IsNull(estimator.LastTrace, "no epoch may run");
    }

    [TestMethod]
    [DataRow(0, false)]
    [DataRow(-3, false)]
    [DataRow(0, true)]
    public void Train_RankNotPositive_NamesRank(int rank, bool oneClass)
    {
        var options = Options(oneClass);
        options.ApproximationRank = rank;
        TrainingTrace? trace = null;

        var error = Assert.ThrowsExactly<RecsysException>(() => Train(Planted.Train, options, out trace));

        StringAssert.Contains(error.Message, $"ApproximationRank must be positive; it is {rank}.");
        Assert.IsEmpty(trace!.Loss);
    }

    [TestMethod]
    public void Estimator_RankZero_FailsOnOptionsBeforeReadingRows()
    {
        var ml = new MLContext(1);
        // The rows are bad too (NaN label): the options error must come first, before any row is read.
        var rows = new[] { new KeyedRow { UserId = 1, ItemId = 1, Label = float.NaN } };
        var options = Options();
        options.ApproximationRank = 0;

        var error = Assert.ThrowsExactly<RecsysException>(() => ml.Recommendation().Trainers.MatrixFactorization(options).Fit(ml.Data.LoadFromEnumerable(rows)));

        StringAssert.StartsWith(error.Message, "MatrixFactorization options: ApproximationRank must be positive; it is 0.");
    }

    [TestMethod]
    public void Train_MoreThreadsThanBlocks_NamesBoth()
    {
        var options = Options();
        options.NumberOfThreads = 4;
        options.NumberOfBlocks = 3;

        var error = Assert.ThrowsExactly<RecsysException>(() => Train(Planted.Train, options, out _));

        StringAssert.Contains(error.Message, "4 threads but only 3 blocks");
    }

    [TestMethod]
    public void Train_MoreBlocksThanDistinctUsers_SaysHowManyExist()
    {
        var tiny = new RatingMatrix(3, 3, [0, 1, 2], [0, 1, 2], [1f, 2f, 3f]);
        var options = Options();
        options.NumberOfThreads = 2;
        options.NumberOfBlocks = 4;

        var error = Assert.ThrowsExactly<RecsysException>(() => Train(tiny, options, out _));

        StringAssert.Contains(error.Message, "4 blocks need as many distinct users and items, but only 3 exist");
    }

    [TestMethod]
    [DataRow(nameof(MatrixFactorizationOptions.NumberOfIterations), 0.0)]
    [DataRow(nameof(MatrixFactorizationOptions.LearningRate), double.NaN)]
    [DataRow(nameof(MatrixFactorizationOptions.LearningRate), -0.01)]
    [DataRow(nameof(MatrixFactorizationOptions.Lambda), -1.0)]
    [DataRow(nameof(MatrixFactorizationOptions.LearningRateDecay), 1.5)]
    [DataRow(nameof(MatrixFactorizationOptions.InitialScale), double.PositiveInfinity)]
    [DataRow(nameof(MatrixFactorizationOptions.NumberOfBlocks), 0.0)]
    public void Train_OptionOutOfRange_NamesOptionAndValue(string option, double value)
    {
        var options = Options();
        typeof(MatrixFactorizationOptions).GetProperty(option)!.SetValue(options, option is "NumberOfIterations" or "NumberOfBlocks" ? (object)(int)value : value);

        var error = Assert.ThrowsExactly<RecsysException>(() => Train(Planted.Train, options, out _));

        StringAssert.StartsWith(error.Message, $"training data: {option} must");
        StringAssert.EndsWith(error.Message, $"; it is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    [TestMethod]
    public void Validate_DefaultOptions_Pass()
    {
        new MatrixFactorizationOptions().Validate();
        new MatrixFactorizationOptions { LossFunction = MfLossFunction.SquareLossOneClass }.Validate();
        Planted.Train.Validate(Options());
    }

    private static FactorModel Train(RatingMatrix data, MatrixFactorizationOptions options, out TrainingTrace trace)
    {
        trace = new TrainingTrace();
        return options.LossFunction == MfLossFunction.SquareLossOneClass
            ? AlsTrainer.Train(data, options, trace)
            : SgdTrainer.Train(data, options, trace);
    }

    private sealed class NamedRow
    {
        public string User { get; set; } = "";

        public string Item { get; set; } = "";

        public float Label { get; set; }
    }

    private sealed class KeyedRow
    {
        [KeyType(10)]
        public uint UserId { get; set; }

        [KeyType(10)]
        public uint ItemId { get; set; }

        public float Label { get; set; }
    }
}
