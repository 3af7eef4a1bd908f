using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class PreparedRankerCodecTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void RoundTrip_EveryField_BitExact(bool undecided)
    {
        var ranker = Ranker(undecided);

        var back = RoundTrip(ranker);

        CollectionAssert.AreEqual(ranker.Model, back.Model);
        Assert.AreEqual(ranker.Version, back.Version);
        Assert.AreEqual(ranker.Training, back.Training);
        Assert.AreEqual(ranker.Undecided, back.Undecided);
        Assert.AreEqual(ranker.Calibration.Scorer, back.Calibration.Scorer);
        foreach (var (expected, actual) in new[]
        {
            (ranker.Calibration.Center, back.Calibration.Center), (ranker.Calibration.Scale, back.Calibration.Scale),
            (ranker.Calibration.Slope, back.Calibration.Slope), (ranker.Calibration.Intercept, back.Calibration.Intercept),
        })
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }

        Assert.AreEqual(ranker.Calibration.Probability(0.37), back.Calibration.Probability(0.37));
    }

    [TestMethod]
    public void Read_TruncatedOrBadFlag_InvalidDataException()
    {
        var bytes = Bytes(Ranker(undecided: false));
        var badFlag = (byte[])bytes.Clone();
        badFlag[^1] = 7;

        foreach (var corrupt in new[] { bytes[..0], bytes[..5], bytes[..^9], bytes[..^1], badFlag })
        {
            using var input = new MemoryStream(corrupt);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => RankArtifacts.Prepared.Codec.Read(input), $"{corrupt.Length} bytes");
            StringAssert.Contains(error.Message, "prepared-ranker");
        }
    }

    private static PreparedRanker Ranker(bool undecided) =>
        new([.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))], "reference:0123456789ab", "trained at anchor 2026-01-01 (é)",
            new ScorerCalibration(RankChampion.Ranker, 0.1 + 0.2, 1.0 / 3, 2.5e-7, -0.75), undecided);

    private static PreparedRanker RoundTrip(PreparedRanker ranker)
    {
        using var stream = new MemoryStream(Bytes(ranker));
        return RankArtifacts.Prepared.Codec.Read(stream);
    }

    private static byte[] Bytes(PreparedRanker ranker)
    {
        using var stream = new MemoryStream();
        RankArtifacts.Prepared.Codec.Write(stream, ranker);
        return stream.ToArray();
    }
}
