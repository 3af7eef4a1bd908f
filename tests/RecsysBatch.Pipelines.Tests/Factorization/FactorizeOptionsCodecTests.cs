using System.Text.Json;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class FactorizeOptionsCodecTests
{
    [TestMethod]
    public void RoundTrip_ResolvedAndAutoValues_Exact()
    {
        var options = new FactorizeOptions { Lambda = 0.1 + 0.2, Alpha = null, Rank = 17, HalfLifeDays = 1.0 / 3, PurchaseWeight = 4.75, Threads = 3 };

        var back = RoundTrip(options);

        Assert.AreEqual(BitConverter.DoubleToInt64Bits(options.Lambda.Value), BitConverter.DoubleToInt64Bits(back.Lambda!.Value));
        Assert.IsNull(back.Alpha, "an unresolved alpha stays auto");
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(options.HalfLifeDays), BitConverter.DoubleToInt64Bits(back.HalfLifeDays));
        Assert.AreEqual(JsonSerializer.Serialize(options), JsonSerializer.Serialize(back), "every option");
        CollectionAssert.AreEqual(options.Weights(), back.Weights());
    }

    [TestMethod]
    public void Read_TruncatedOrNotJson_InvalidDataException()
    {
        using var stream = new MemoryStream();
        FactorizeArtifacts.Options.Codec.Write(stream, new FactorizeOptions { Lambda = 2 });
        var bytes = stream.ToArray();
        var notJson = (byte[])bytes.Clone();
        notJson[4] = (byte)'#';

        foreach (var corrupt in new[] { bytes[..2], bytes[..^1], notJson })
        {
            using var input = new MemoryStream(corrupt);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => FactorizeArtifacts.Options.Codec.Read(input));
            StringAssert.Contains(error.Message, "factorize-options");
        }
    }

    private static FactorizeOptions RoundTrip(FactorizeOptions options)
    {
        using var stream = new MemoryStream();
        FactorizeArtifacts.Options.Codec.Write(stream, options);
        stream.Position = 0;
        return FactorizeArtifacts.Options.Codec.Read(stream);
    }
}
