using System.Text;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class TimestampParserTests
{
    [TestMethod]
    [DataRow("2024-01-02T10:11:12Z", 1704190272000L)]
    [DataRow("2024-01-02T10:11:12", 1704190272000L)]
    [DataRow("2024-01-02 10:11:12", 1704190272000L)]
    [DataRow("2024-01-02T10:11:12.123456Z", 1704190272123L)]
    [DataRow("2024-01-02T12:11:12+02:00", 1704190272000L)]
    [DataRow("2024-01-02T05:11:12-0500", 1704190272000L)]
    [DataRow("2024-01-02T12:11:12+02", 1704190272000L)]
    [DataRow("2024-01-02", 1704153600000L)]
    [DataRow("2024-01-02T10:11Z", 1704190260000L)]
    [DataRow("1704190272", 1704190272000L)]
    [DataRow("2024-02-29T00:00:00Z", 1709164800000L)]
    public void TryParseFlexible_KnownLayouts_GiveUtcMilliseconds(string text, long expected)
    {
        Assert.IsTrue(TimestampParser.TryParseFlexible(Encoding.UTF8.GetBytes(text), out var ms));
        Assert.AreEqual(expected, ms);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("yesterday")]
    [DataRow("2023-02-29")]
    [DataRow("2024-13-01T00:00:00Z")]
    [DataRow("2024-01-02T24:00:00Z")]
    [DataRow("2024-01-02T10:11:12.Z")]
    [DataRow("17041902.5")]
    public void TryParseFlexible_BadText_Fails(string text)
    {
        Assert.IsFalse(TimestampParser.TryParseFlexible(Encoding.UTF8.GetBytes(text), out _));
    }

    [TestMethod]
    public void TryParseCompactDate_CdnowDay_IsMidnightUtc()
    {
        Assert.IsTrue(TimestampParser.TryParseCompactDate("19970101"u8, out var ms));
        Assert.AreEqual(852076800000L, ms);
        Assert.IsFalse(TimestampParser.TryParseCompactDate("19971301"u8, out _));
    }
}
