using System.Text;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class Utf8KeyMapTests
{
    [TestMethod]
    public void GetOrAdd_ManyIdsShortAndLong_KeysInFirstAppearanceOrderAndStableOnRepeat()
    {
        var map = new Utf8KeyMap(4);
        var ids = Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? $"long-user-id-{i}" : $"{i}").ToList();
        ids.Add("1\0");
        ids.Add("");

        var keys = ids.Select(id => map.GetOrAdd(Encoding.UTF8.GetBytes(id), out _)).ToList();
        var again = ids.Select(id => map.GetOrAdd(Encoding.UTF8.GetBytes(id), out var added) + (added ? 1_000_000 : 0)).ToList();

        IngestHarness.Same(keys, [.. Enumerable.Range(0, ids.Count)]);
        IngestHarness.Same(again, [.. keys]);
        Assert.AreEqual("long-user-id-4998", Encoding.UTF8.GetString(map.GetBytes(4998)));
        Assert.IsTrue(map.TryGetKey("1"u8, out var one));
        Assert.AreEqual(1, one);
        Assert.IsFalse(map.TryGetKey("long-user-id-1"u8, out _));
    }
}
