using Microsoft.Data.Analysis;
using Microsoft.ML;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Tests.Features;

[TestClass]
public sealed class FeatureTransformsTests
{
    [TestMethod]
    public void Load_SavedUserTransform_SameFeaturesAsAtFitTime()
    {
        using var folder = new TempFolder();
        var context = FeaturizeHarness.Run(SyntheticEvents.Create(400, 150, 9, 8000, seed: 11), folder.Path);
        var set = FeaturizeHarness.UserSet(context);
        var frame = set.ToFrame();
        var ml = new MLContext(42); // the harness's seed: the stage fits on the same sample with the same context
        var fitted = FeatureTransforms.CreateEstimator(ml, set.IntFeatures, set.DoubleFeatures).Fit(set.ToSampleFrame(FeatureTransforms.MaxFitRows));

        var atFit = FeatureTransforms.ReadFeatures(fitted.Transform(frame), out var dimension);
        var loaded = FeatureTransforms.Load(Path.Combine(folder.Path, "featurize", FeatureKeys.UserTransformFile));
        var afterLoad = FeatureTransforms.ReadFeatures(loaded.Apply(frame), out var loadedDimension);

        Assert.AreEqual(dimension, loadedDimension);
        Assert.AreEqual(400 * dimension, atFit.Length);
        CollectionAssert.AreEqual(atFit, afterLoad);
        Assert.IsTrue(atFit.All(float.IsFinite), "missing values are replaced and every slot is normalised");
        Assert.IsNotNull(loaded.InputSchema.GetColumnOrNull("days_since_last_purchase"));
    }

    [TestMethod]
    public void Load_SavedItemTransform_FeaturesNormalised()
    {
        using var folder = new TempFolder();
        var context = FeaturizeHarness.Run(SyntheticEvents.Create(400, 150, 9, 8000, seed: 5), folder.Path);
        var frame = FeaturizeHarness.ItemSet(context).ToFrame();

        var loaded = FeatureTransforms.Load(Path.Combine(folder.Path, "featurize", FeatureKeys.ItemTransformFile));
        var features = FeatureTransforms.ReadFeatures(loaded.Apply(frame), out var dimension);

        // Slot 0 is view_count_1d: after log and mean-variance scaling its mean is ~0 on the fitted rows.
        var mean = Enumerable.Range(0, 150).Average(r => features[r * dimension]);
        Assert.AreEqual(0, mean, 1e-3);
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsRecsysExceptionNamingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-folder", FeatureKeys.UserTransformFile);

        var error = Assert.ThrowsExactly<RecsysException>(() => FeatureTransforms.Load(path));

        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void ToSampleFrame_MoreRowsThanLimit_EveryKthRow()
    {
        var set = new FeatureColumnSet(FeatureTables.ItemFeatures, 10);
        set.AddKey("item_key", Enumerable.Range(0, 10).ToArray());
        set.AddDouble("x", Enumerable.Range(0, 10).Select(i => i * 1.5).ToArray());

        var sample = set.ToSampleFrame(4);

        CollectionAssert.AreEqual(new int?[] { 0, 3, 6, 9 }, ((Int32DataFrameColumn)sample["item_key"]).ToArray());
        CollectionAssert.AreEqual(new double?[] { 0, 4.5, 9, 13.5 }, ((DoubleDataFrameColumn)sample["x"]).ToArray());
    }
}
