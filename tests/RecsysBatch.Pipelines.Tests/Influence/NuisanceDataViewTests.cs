using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

[TestClass]
public sealed class NuisanceDataViewTests
{
    private static readonly float[][] Columns = [[1, 2, 3, 4, 5], [10, 0, 10, 0, 10], [7, 7, 7, 7, 7]];

    [TestMethod]
    public void Training_CursorsTheChosenRowsInOrderWithLabelAndFeatures_EveryTime()
    {
        var data = NuisanceData.Standardize(Columns);
        bool[] label = [true, false, true, false, true];
        int[] rows = [4, 1, 3];
        var view = NuisanceViews.Training(data, label, rows);

        for (var pass = 0; pass < 2; pass++)
        {
            var seen = Read(view);
            Assert.HasCount(3, seen, $"pass {pass}");
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.AreEqual(label[rows[i]], seen[i].Label);
                CollectionAssert.AreEqual(data.Rows[rows[i]], seen[i].Features, $"row {rows[i]}, pass {pass}");
            }
        }

        Assert.IsNull(view.GetRowCount(), "unknown, as for the enumerable view it replaces");
        Assert.AreEqual(3, ((VectorDataViewType)view.Schema["Features"].Type).Size);
    }

    [TestMethod]
    public void Prediction_HasFeaturesOnly_AndLogisticRegressionTrainsAndScoresOnTheViews()
    {
        var data = NuisanceData.Standardize(Columns);
        var view = NuisanceViews.Prediction(data, [0, 2]);

        Assert.IsNull(view.Schema.GetColumnOrNull("Label"));
        var ml = new MLContext(1);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new() { NumberOfThreads = 1 })
            .Fit(NuisanceViews.Training(data, [true, false, true, false, true], [0, 1, 2, 3, 4]));
        var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(view), reuseRowObject: false).ToList();
        Assert.HasCount(2, scores);
        Assert.IsTrue(scores.All(s => s.Probability is > 0.5f and < 1), "rows 0 and 2 are of the positive class");
    }

    private static List<(bool Label, float[] Features)> Read(IDataView view)
    {
        var list = new List<(bool, float[])>();
        using var cursor = view.GetRowCursor(view.Schema);
        var label = cursor.GetGetter<bool>(view.Schema["Label"]);
        var features = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        bool l = false;
        VBuffer<float> f = default;
        while (cursor.MoveNext())
        {
            label(ref l);
            features(ref f);
            list.Add((l, f.DenseValues().ToArray()));
        }

        return list;
    }

    private sealed class Scored
    {
        public float Probability { get; set; }
    }
}
