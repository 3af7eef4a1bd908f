using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class MatrixFactorizationEstimatorTests
{
    [TestMethod]
    public void Fit_KeyColumnsAndLabel_TransformAddsFiniteScoreCloseToRatings()
    {
        var ml = new MLContext(1);
        var rows = Ratings().ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Transforms.Conversion.MapValueToKey("UserKey", nameof(RatingRow.User))
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemKey", nameof(RatingRow.Item)));
        var keyed = keys.Fit(data).Transform(data);
        var estimator = ml.Recommendation().Trainers.MatrixFactorization(new MatrixFactorizationOptions
        {
            MatrixRowIndexColumnName = "UserKey",
            MatrixColumnIndexColumnName = "ItemKey",
            LabelColumnName = nameof(RatingRow.Label),
            ApproximationRank = 4,
            NumberOfIterations = 80,
            LearningRate = 0.05,
            Lambda = 0.01,
            NumberOfThreads = 2,
        });

        var transformer = estimator.Fit(keyed);
        var scored = transformer.Transform(keyed);
        var scores = scored.GetColumn<float>(MatrixFactorizationTransformer.ScoreColumnName).ToArray();
        var labels = scored.GetColumn<float>(nameof(RatingRow.Label)).ToArray();

        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.HasCount(rows.Count, scores);
        var rmse = Math.Sqrt(scores.Zip(labels, (s, l) => (s - l) * (s - l)).Average());
        Assert.IsLessThan(0.3, rmse);
        Assert.IsGreaterThan(estimator.LastTrace!.Loss[^1], estimator.LastTrace.Loss[0]);
    }

    [TestMethod]
    public void Fit_LabelNotSingle_ClearError()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Ratings());
        var keyed = ml.Transforms.Conversion.MapValueToKey("UserId", nameof(RatingRow.User))
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemId", nameof(RatingRow.Item)))
            .Fit(data).Transform(data);
        var estimator = ml.Recommendation().Trainers.MatrixFactorization(new MatrixFactorizationOptions { LabelColumnName = nameof(RatingRow.User) });

        var error = Assert.ThrowsExactly<RecsysException>(() => estimator.Fit(keyed));
        StringAssert.Contains(error.Message, "must exist and be Single");
    }

    /// <summary>Rank-1 ratings of 30 users × 20 items, every cell observed.</summary>
    private static IEnumerable<RatingRow> Ratings()
    {
        for (var u = 0; u < 30; u++)
        {
            for (var i = 0; i < 20; i++)
            {
                yield return new RatingRow { User = $"u{u}", Item = $"i{i}", Label = 3f + ((u % 5) - 2) * ((i % 4) - 1.5f) * 0.3f };
            }
        }
    }

    private sealed class RatingRow
    {
        public string User { get; set; } = "";

        public string Item { get; set; } = "";

        public float Label { get; set; }
    }
}
