using System.Globalization;
using System.Text;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class NumericIdKeysTests
{
    /// <summary>Plain numbers mixed with ids of the same numbers written otherwise (leading zeros, signs, blanks), large numbers and words.</summary>
    private static string RandomId(Random random) => random.Next(8) switch
    {
        0 => "0" + random.Next(50).ToString(CultureInfo.InvariantCulture),
        1 => "u" + random.Next(50).ToString(CultureInfo.InvariantCulture),
        2 => random.Next(NumericIdKeys.MaxCached - 20, NumericIdKeys.MaxCached + 20).ToString(CultureInfo.InvariantCulture),
        3 => random.NextInt64(1_000_000_000_000L).ToString(CultureInfo.InvariantCulture),
        4 => "0",
        5 => "-" + random.Next(50).ToString(CultureInfo.InvariantCulture),
        _ => random.Next(5_000).ToString(CultureInfo.InvariantCulture),
    };

    [TestMethod]
    [DataRow(1)]
    [DataRow(16)]
    [DataRow(1 << 16)]
    public void GetOrAdd_SameKeysAndNewFlagsAsTheMap(int capacity)
    {
        var random = new Random(capacity);
        var keys = new NumericIdKeys(capacity);
        var map = new Utf8KeyMap(16);

        for (var n = 0; n < 50_000; n++)
        {
            var id = Encoding.UTF8.GetBytes(RandomId(random));
            var key = keys.GetOrAdd(id, out var added);
            var expected = map.GetOrAdd(id, out var expectedAdded);

            Assert.AreEqual(expected, key, Encoding.UTF8.GetString(id));
            Assert.AreEqual(expectedAdded, added, Encoding.UTF8.GetString(id));
        }

        Assert.AreEqual(map.Count, keys.Count);
    }

    [TestMethod]
    public void GetOrAdd_LeadingZeroIsAnotherId()
    {
        var keys = new NumericIdKeys(16);

        var seven = keys.GetOrAdd("7"u8, out _);
        var zeroSeven = keys.GetOrAdd("07"u8, out var added);

        Assert.AreNotEqual(seven, zeroSeven);
        Assert.IsTrue(added);
        Assert.AreEqual(seven, keys.GetOrAdd("7"u8, out added));
        Assert.IsFalse(added);
    }
}
