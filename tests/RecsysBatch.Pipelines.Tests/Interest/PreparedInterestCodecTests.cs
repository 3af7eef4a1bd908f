using RecsysBatch.Pipelines.Interest;

namespace RecsysBatch.Pipelines.Tests.Interest;

[TestClass]
public sealed class PreparedInterestCodecTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void RoundTrip_EveryField_BitExact(bool withModel)
    {
        var prepared = Prepared(withModel);

        var back = RoundTrip(prepared);

        if (withModel)
        {
            CollectionAssert.AreEqual(prepared.Model, back.Model);
        }
        else
        {
            Assert.IsNull(back.Model);
        }

        CollectionAssert.AreEqual(prepared.Population.PopLong, back.Population.PopLong);
        CollectionAssert.AreEqual(prepared.Population.PopLast, back.Population.PopLast);
        CollectionAssert.AreEqual(prepared.Population.PopularOrder, back.Population.PopularOrder);
        Assert.HasCount(prepared.Population.Successors.Length, back.Population.Successors);
        for (var c = 0; c < prepared.Population.Successors.Length; c++)
        {
            CollectionAssert.AreEqual(prepared.Population.Successors[c].Next, back.Population.Successors[c].Next);
            CollectionAssert.AreEqual(prepared.Population.Successors[c].P, back.Population.Successors[c].P);
        }
    }

    [TestMethod]
    public void Read_TruncatedOrInconsistent_InvalidDataException()
    {
        var bytes = Bytes(Prepared(withModel: true));
        var badFlag = (byte[])bytes.Clone();
        badFlag[0] = 7;

        foreach (var corrupt in new[] { bytes[..0], bytes[..5], bytes[..^9], bytes[..^1], badFlag })
        {
            using var input = new MemoryStream(corrupt);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => InterestArtifacts.Prepared.Codec.Read(input), $"{corrupt.Length} bytes");
            StringAssert.Contains(error.Message, "prepared-interest");
        }
    }

    private static PreparedInterest Prepared(bool withModel) =>
        new(withModel ? [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))] : null,
            new CategoryPopulation([0.5, 0.25, 0.25], [0.1 + 0.2, 0.7, 0], [0, 1, 2],
                [([1, 2], [2.0 / 3, 1.0 / 3]), ([], []), ([0], [1])]));

    private static PreparedInterest RoundTrip(PreparedInterest prepared)
    {
        using var stream = new MemoryStream(Bytes(prepared));
        return InterestArtifacts.Prepared.Codec.Read(stream);
    }

    private static byte[] Bytes(PreparedInterest prepared)
    {
        using var stream = new MemoryStream();
        InterestArtifacts.Prepared.Codec.Write(stream, prepared);
        return stream.ToArray();
    }
}
