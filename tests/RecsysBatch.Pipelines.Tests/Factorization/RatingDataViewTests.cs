using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// Cells in memory as a <see cref="RatingDataView"/>: the estimator trains on its arrays directly, and the model is the
/// one it fits on the same rows read through the view's cursor (the path of any other view).
/// </summary>
[TestClass]
public sealed class RatingDataViewTests
{
    private static readonly PlantedMatrix Planted = new(users: 40, items: 30, rank: 2, observed: 0.5, noise: 0.1, seed: 4);

    [TestMethod]
    [DataRow(MfLossFunction.SquareLossRegression)]
    [DataRow(MfLossFunction.SquareLossOneClass)]
    public void Fit_RatingDataView_SameModelAsTheSameRowsReadThroughTheCursor(MfLossFunction loss)
    {
        var ml = new MLContext(1);
        var view = new RatingDataView(Planted.Train);
        var options = new MatrixFactorizationOptions { LossFunction = loss, ApproximationRank = 3, NumberOfIterations = 4, NumberOfThreads = 2, Seed = 9 };

        var direct = ml.Recommendation().Trainers.MatrixFactorization(options, recordTrace: false);
        var fromArrays = direct.Fit(view).Model;
        // TakeRows wraps the view, so the estimator no longer recognises it and reads every row through the getters.
        var fromCursor = ml.Recommendation().Trainers.MatrixFactorization(options).Fit(ml.Data.TakeRows(view, Planted.Train.Count)).Model;

        CollectionAssert.AreEqual(fromCursor.UserFactors, fromArrays.UserFactors);
        CollectionAssert.AreEqual(fromCursor.ItemFactors, fromArrays.ItemFactors);
        Assert.IsNull(direct.LastTrace, "recordTrace: false records no trace");
        Assert.IsGreaterThan(0.0, fromArrays.UserFactors.Max(Math.Abs), "the factors must have been trained");
    }

    [TestMethod]
    public void Cursor_KeysAreIndexPlusOneAndLabelsTheCells()
    {
        var view = new RatingDataView(Planted.Train);

        var users = view.GetColumn<uint>(RatingDataView.UserColumn).ToArray();
        var items = view.GetColumn<uint>(RatingDataView.ItemColumn).ToArray();
        var labels = view.GetColumn<float>(RatingDataView.LabelColumn).ToArray();

        CollectionAssert.AreEqual(Planted.Train.User.Select(u => (uint)u + 1).ToArray(), users);
        CollectionAssert.AreEqual(Planted.Train.Item.Select(i => (uint)i + 1).ToArray(), items);
        CollectionAssert.AreEqual(Planted.Train.Label, labels);
        Assert.AreEqual((long)Planted.Train.Count, view.GetRowCount());
    }
}
