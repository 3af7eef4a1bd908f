using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class FactorModelCodecTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void RoundTrip_ExplicitAndImplicit_BitExact(bool withBiases)
    {
        var model = Model(users: 7, items: 5, rank: 3, withBiases, seed: 4);

        var back = RoundTrip(model);

        Assert.AreEqual(model.Users, back.Users);
        Assert.AreEqual(model.Items, back.Items);
        Assert.AreEqual(model.Rank, back.Rank);
        Assert.AreEqual(model.Stride, back.Stride);
        Assert.AreEqual(BitConverter.SingleToInt32Bits(model.GlobalMean), BitConverter.SingleToInt32Bits(back.GlobalMean));
        CollectionAssert.AreEqual(Bits(model.UserFactors), Bits(back.UserFactors));
        CollectionAssert.AreEqual(Bits(model.ItemFactors), Bits(back.ItemFactors));
        CollectionAssert.AreEqual(Bits(model.UserBias), Bits(back.UserBias));
        CollectionAssert.AreEqual(Bits(model.ItemBias), Bits(back.ItemBias));
        Assert.AreEqual(model.Score(2, 3), back.Score(2, 3));
    }

    [TestMethod]
    public void Read_AnotherMachinesStride_ReLaidOutWithValuesKeptAndPaddingZero()
    {
        const int Users = 3, Items = 2, Rank = 3, Stride = 3; // unpadded: no vector width makes a stride of 3
        var user = Enumerable.Range(1, Users * Stride).Select(v => v * 0.5f).ToArray();
        var item = Enumerable.Range(1, Items * Stride).Select(v => -v * 0.25f).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new ArtifactWriter(stream))
        {
            writer.Write(Users);
            writer.Write(Items);
            writer.Write(Rank);
            writer.Write(Stride);
            writer.Write(0f);
            writer.Write(user);
            writer.Write(item);
            writer.WriteNullable<float>(null);
            writer.WriteNullable<float>(null);
        }

        stream.Position = 0;
        var back = FactorizeArtifacts.Model.Codec.Read(stream);

        Assert.AreEqual(FactorMath.StrideFor(Rank), back.Stride);
        for (var u = 0; u < Users; u++)
        {
            CollectionAssert.AreEqual(user.AsSpan(u * Stride, Rank).ToArray(), back.UserRow(u)[..Rank].ToArray());
            Assert.IsTrue(back.UserRow(u)[Rank..].ToArray().All(v => v == 0), "padding is zero");
        }

        CollectionAssert.AreEqual(item.AsSpan(Stride, Rank).ToArray(), back.ItemRow(1)[..Rank].ToArray());
    }

    [TestMethod]
    public void Read_TruncatedAnywhere_InvalidDataException()
    {
        var bytes = Bytes(Model(users: 4, items: 3, rank: 2, withBiases: true, seed: 1));

        foreach (var length in new[] { 0, 3, 17, bytes.Length / 2, bytes.Length - 1 })
        {
            using var truncated = new MemoryStream(bytes[..length]);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => FactorizeArtifacts.Model.Codec.Read(truncated), $"{length} bytes");
            StringAssert.Contains(error.Message, "factor-model");
        }
    }

    [TestMethod]
    public void Read_SizesThatDoNotMatchTheArrays_InvalidDataException()
    {
        var bytes = Bytes(Model(users: 4, items: 3, rank: 2, withBiases: false, seed: 1));
        bytes[0] = 5; // users: 5 rows announced, 4 stored

        using var corrupt = new MemoryStream(bytes);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => FactorizeArtifacts.Model.Codec.Read(corrupt));

        StringAssert.Contains(error.Message, "do not match");
    }

    [TestMethod]
    public void Read_HugeArrayCount_InvalidDataExceptionWithoutAllocating()
    {
        var bytes = Bytes(Model(users: 2, items: 2, rank: 1, withBiases: false, seed: 1));
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 20); // the count of the user factors, after 4 ints and the mean

        using var corrupt = new MemoryStream(bytes);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => FactorizeArtifacts.Model.Codec.Read(corrupt));

        StringAssert.Contains(error.Message, "does not fit");
    }

    internal static FactorModel Model(int users, int items, int rank, bool withBiases, int seed)
    {
        var random = new Random(seed);
        var stride = FactorMath.StrideFor(rank);
        float[] Rows(int count)
        {
            var rows = new float[count * stride];
            for (var r = 0; r < count; r++)
            {
                for (var k = 0; k < rank; k++)
                {
                    rows[(r * stride) + k] = (float)((random.NextDouble() * 2) - 1) / 3;
                }
            }

            return rows;
        }

        float[]? Biases(int count) => withBiases ? [.. Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() / 7)] : null;
        return new FactorModel(users, items, rank, Rows(users), Rows(items), withBiases ? 3.1f : 0f, Biases(users), Biases(items));
    }

    private static FactorModel RoundTrip(FactorModel model)
    {
        using var stream = new MemoryStream(Bytes(model));
        var key = (ArtifactKey)FactorizeArtifacts.Model;
        return (FactorModel)key.Read(stream);
    }

    private static byte[] Bytes(FactorModel model)
    {
        using var stream = new MemoryStream();
        ((ArtifactKey)FactorizeArtifacts.Model).Write(stream, model);
        return stream.ToArray();
    }

    private static int[]? Bits(float[]? values) => values?.Select(BitConverter.SingleToInt32Bits).ToArray();
}
