using System.Text;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestChunkingTests
{
    [TestMethod]
    public async Task ReadAsync_TinyParallelChunks_SameKeysEventsAndRejectsAsOneSequentialRead()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder("user_id,item_id,category_id,event_type,ts,value\n");
        var random = new Random(3);
        for (var i = 0; i < 400; i++)
        {
            text.Append(i % 37 == 5 ? "broken line\n"
                : i % 41 == 7 ? "\n"
                : $"u{random.Next(30)},i{random.Next(8)},c{random.Next(2)},{(i % 3 == 0 ? "view" : "cart")},2024-01-0{1 + random.Next(2)}T00:00:0{random.Next(2)}Z,\n");
        }

        var path = folder.Write("events.csv", text.ToString());
        var source = IngestSource.Resolve(new SourceSpec("canonical", path));

        var (oneTable, oneResult) = await Read(source, chunkBytes: 1 << 30, parallelism: 1);
        var (manyTable, manyResult) = await Read(source, chunkBytes: 97, parallelism: 2);

        Assert.IsGreaterThan(0, oneResult.Summary.DuplicatesDropped);
        Assert.AreEqual(oneResult.Summary.DuplicatesDropped, manyResult.Summary.DuplicatesDropped);
        IngestHarness.Same(manyTable.Users.Ids, [.. oneTable.Users.Ids]);
        IngestHarness.Same(manyTable.Items.Ids, [.. oneTable.Items.Ids]);
        IngestHarness.Same(manyTable.Categories.Ids, [.. oneTable.Categories.Ids]);
        IngestHarness.Same(manyTable.UserKey.ToArray(), oneTable.UserKey.ToArray());
        IngestHarness.Same(manyTable.ItemKey.ToArray(), oneTable.ItemKey.ToArray());
        IngestHarness.Same(IngestHarness.DescribeAll(manyTable), [.. IngestHarness.DescribeAll(oneTable)]);
        IngestHarness.Same(manyResult.Rejects, [.. oneResult.Rejects]);
        Assert.AreEqual(oneResult.Summary.InputRows, manyResult.Summary.InputRows);
    }

    private static async Task<(EventTable Table, SourceResult Result)> Read(IngestSource source, long chunkBytes, int parallelism)
    {
        var writer = new EventTableWriter();
        var limits = new IngestLimits(0, long.MaxValue, long.MaxValue);
        var reader = new SourceIngest(writer, limits, parallelism, new ProgressCounter()) { ChunkBytes = chunkBytes };
        var result = await reader.ReadAsync(source, CancellationToken.None);
        return (writer.Table, result);
    }
}
