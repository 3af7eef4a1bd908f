using System.Text;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestQuoteTests
{
    private const string Header = "user_id,item_id,event_type,ts\n";
    private const string SpansLines = "malformed line: quoted field spans lines";

    [TestMethod]
    public void RunAsync_QuotedFieldWithLineBreaks_EveryLineOfTheRecordRejectedNoFragmentPublished()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header +
            "u1,i1,view,2024-01-02T10:00:00Z\n" +
            "\"u\nsplit0\",i7,view,2024-01-02T10:00:00Z\n" +
            "\"a\nmid,i1,view,2024-01-02T11:00:00Z\n\nend\"\"x\",i2,view,2024-01-02T10:00:00Z\n" +
            "u2,i2,view,2024-01-02T12:00:00Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(
            context.Data.Rejected.Select(r => $"{r.LineNumber}: {r.Reason}"),
            $"3: {SpansLines}", $"4: {SpansLines}", $"5: {SpansLines}", $"6: {SpansLines}", $"8: {SpansLines}");
        IngestHarness.Same(context.Data.Events!.Users.Ids, "u1", "u2");
        IngestHarness.Same(context.Data.Events.Items.Ids, "i1", "i2");
    }

    [TestMethod]
    public void RunAsync_QuoteOpenUntilTheEnd_RestOfTheFileRejected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header +
            "u1,i1,view,2024-01-02T10:00:00Z\nu2,\"i1,view,2024-01-02T10:00:00Z\nu3,i1,view,2024-01-02T10:00:00Z\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(context.Data.Rejected.Select(r => $"{r.LineNumber}: {r.Reason}"), $"3: {SpansLines}", $"4: {SpansLines}");
        IngestHarness.Same(context.Data.Events!.Users.Ids, "u1");
    }

    [TestMethod]
    [DataRow("u\"1,i1,view,2024-01-02T10:00:00Z")]
    [DataRow("\"u1\"x,i1,view,2024-01-02T10:00:00Z")]
    [DataRow("u1,i1,view,2024-01-02T10:00:00Z\"")]
    public void RunAsync_QuoteOutsideAQuotedField_MalformedLine(string line)
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.csv", Header + "u1,i1,view,2024-01-02T10:00:00Z\n" + line + "\n");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        Assert.AreEqual("malformed line: stray quote", context.Data.Rejected.Single().Reason);
        IngestHarness.Same(context.Data.Events!.Users.Ids, "u1");
    }

    [TestMethod]
    public async Task ReadAsync_RecordsSpanningChunkBoundaries_SameAsOneSequentialRead()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder(Header);
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            text.Append(random.Next(6) switch
            {
                0 => $"\"u{i}\nfrag{i},i1,view,2024-01-02T10:00:00Z\nmore{i}\",i2,view,2024-01-02T10:00:00Z\n",
                1 => $"\"u{i}\nx{i}\"\",i1\",i3,view,2024-01-02T10:00:00Z\n",
                _ => $"u{i},i{i % 5},view,2024-01-02T10:00:{i % 60:00}Z\n",
            });
        }

        var path = folder.Write("events.csv", text.ToString());
        var source = IngestSource.Resolve(new SourceSpec("canonical", path));
        var one = await ReadRejects(source, chunkBytes: 1 << 30);

        foreach (var chunkBytes in new long[] { 7, 31, 97 })
        {
            var (users, rejects) = await ReadRejects(source, chunkBytes);
            IngestHarness.Same(rejects, [.. one.Rejects]);
            IngestHarness.Same(users, [.. one.Users]);
        }

        Assert.IsTrue(one.Users.All(u => u.StartsWith('u')), string.Join(' ', one.Users.Where(u => !u.StartsWith('u'))));
        Assert.IsTrue(one.Rejects.All(r => r.EndsWith(SpansLines, StringComparison.Ordinal)));
    }

    private static async Task<(List<string> Users, List<string> Rejects)> ReadRejects(IngestSource source, long chunkBytes)
    {
        var writer = new EventTableWriter();
        var reader = new SourceIngest(writer, new IngestLimits(0, long.MaxValue, long.MaxValue), 2, new ProgressCounter()) { ChunkBytes = chunkBytes };
        var result = await reader.ReadAsync(source, CancellationToken.None);
        return ([.. writer.Table.Users.Ids], [.. result.Rejects.Select(r => $"{r.LineNumber} {r.Raw}: {r.Reason}")]);
    }
}
