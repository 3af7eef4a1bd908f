using RecsysBatch.Reports;

namespace RecsysBatch.Jobs.Tests.Reports;

[TestClass]
public sealed class MetricNameTests
{
    [TestMethod]
    public void Parse_ListMetricAtDepth_GivesBaseAndK()
    {
        var name = MetricName.Parse("recall@20");

        Assert.AreEqual("recall", name.Base);
        Assert.AreEqual(20, name.AtK);
        Assert.IsNull(name.Segment);
        Assert.AreEqual("overall", name.SegmentOrOverall);
    }

    [TestMethod]
    public void Parse_SegmentSuffix_GivesSegmentWithItsColon()
    {
        var name = MetricName.Parse("std_error@category:c0:x");

        Assert.AreEqual("std_error", name.Base);
        Assert.AreEqual("category:c0:x", name.Segment);
        Assert.IsNull(name.AtK);
    }

    [TestMethod]
    public void Parse_CalibrationDecile_GivesTableDecileAndField()
    {
        var name = MetricName.Parse("holdout_calibration_decile_03_observed_rate");

        Assert.AreEqual("holdout_calibration_decile", name.Base);
        Assert.AreEqual(3, name.Decile);
        Assert.AreEqual("observed_rate", name.Field);
    }

    [TestMethod]
    public void Parse_ValueDecile_GivesTableDecileAndField()
    {
        var name = MetricName.Parse("holdout_decile_10_actual_sum");

        Assert.AreEqual("holdout_decile", name.Base);
        Assert.AreEqual(10, name.Decile);
        Assert.AreEqual("actual_sum", name.Field);
    }

    [TestMethod]
    public void Parse_SearchPoint_GivesParametersApart()
    {
        var name = MetricName.Parse("recall@20 lambda=0.3 alpha=8");

        Assert.AreEqual("recall", name.Base);
        Assert.AreEqual(20, name.AtK);
        Assert.AreEqual("lambda=0.3 alpha=8", name.Parameters);
        Assert.AreEqual("recall@20 lambda=0.3 alpha=8", name.Raw);
    }

    [TestMethod]
    public void Parse_PlainName_IsItsOwnBase()
    {
        var name = MetricName.Parse("holdout_top_decile_lift");

        Assert.AreEqual("holdout_top_decile_lift", name.Base);
        Assert.IsNull(name.Decile);
        Assert.IsNull(name.Field);
        Assert.IsNull(name.AtK);
        Assert.IsNull(name.Segment);
        Assert.IsNull(name.Parameters);
    }
}
