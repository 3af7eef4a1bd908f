using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestMalformedFileTests
{
    [TestMethod]
    [DataRow("user_id,item_id,event_type,ts,USER_ID\nu1,i1,view,2024-01-02,u2\n", "canonical", "user_id")]
    [DataRow("userId,movieId,rating,timestamp,rating\n1,2,3,964982703,4\n", "movielens", "rating")]
    public void RunAsync_HeaderNamesAColumnTwice_FailsNamingFileLineAndColumn(string text, string format, string column)
    {
        using var folder = new TempFolder();
        var path = folder.Write(format == "movielens" ? "ratings.csv" : "events.csv", text);

        var error = IngestHarness.Fails(format, path);

        StringAssert.StartsWith(error.Message, $"{path}: line 1: the {format} header names column '{column}' twice");
    }

    [TestMethod]
    public void RunAsync_BinaryFileUnderATextFormat_ErrorShowsNoRawBytes()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "events.parquet.csv");
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        "PAR1\0\u001b[2J\u0007,\n"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);

        var error = IngestHarness.Fails("taobao", path);

        StringAssert.StartsWith(error.Message, $"{path}: not a taobao file");
        StringAssert.Contains(error.Message, "PAR1\\x00\\x1B[2J\\x07");
        Assert.IsFalse(error.Message.Any(char.IsControl), error.Message);
    }

    [TestMethod]
    public void RunAsync_BinaryHeaderUnderCanonical_ErrorShowsNoRawBytes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", "PAR1\0\u001b]0;pwned\u0007,x\nu1,i1\n");

        var error = IngestHarness.Fails("canonical", path);

        StringAssert.StartsWith(error.Message, $"{path}: not a canonical file: the header lacks column 'user_id'");
        Assert.IsFalse(error.Message.Any(char.IsControl), error.Message);
    }

    [TestMethod]
    [DataRow("Infinity")]
    [DataRow("-Infinity")]
    [DataRow("+infinity")]
    [DataRow("inf")]
    [DataRow("-inf")]
    [DataRow("INF")]
    [DataRow("NaN")]
    [DataRow("-nan")]
    [DataRow("1e999")]
    [DataRow("-1e999")]
    public void TryParse_NonFiniteSpelling_OneReason(string text)
    {
        var reason = ValueParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _);

        Assert.AreEqual("non-finite value", reason);
    }

    [TestMethod]
    [DataRow("infinite")]
    [DataRow("--inf")]
    [DataRow("1,5")]
    public void TryParse_NotANumber_Unparsable(string text)
    {
        Assert.AreEqual("unparsable value", ValueParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));
    }

    [TestMethod]
    [DataRow(0.0103, 0.01, "1.03% > 1%")]
    [DataRow(0.2, 0.01, "20% > 1%")]
    [DataRow(0.0100001, 0.01, "1.00001% > 1%")]
    [DataRow(0.015, 0.0125, "1.5% > 1.25%")]
    [DataRow(0.5, 0.0, "50% > 0%")]
    public void Exceeds_ShareJustAboveTheLimit_PrintsDigitsUntilTheyDiffer(double share, double maxShare, string expected)
    {
        Assert.AreEqual(expected, SourceReport.Exceeds(share, maxShare));
    }
}
