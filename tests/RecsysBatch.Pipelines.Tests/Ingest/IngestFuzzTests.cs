using System.Text;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Ingest;

/// <summary>
/// Mutated lines of every format: ingest either fails with a RecsysException or accounts for every data line
/// (events + rejected + duplicates + after the snapshot) and publishes only ids the input holds.
/// </summary>
[TestClass]
public sealed class IngestFuzzTests
{
    private static readonly string[] Noise = ["\"", ",", "\n", "\r", "\0", "\t", "\u007f", "\u001b", "é", " ", "::", "\"\"", "\u0085", "9", "-", "inf"];

    [TestMethod]
    [DataRow("canonical", "events.csv", "user_id,item_id,category_id,event_type,ts,value\n", "u{0},i{1},c{2},view,2024-01-0{3}T10:00:0{4}Z,{5}")]
    [DataRow("taobao", "UserBehavior.csv", "", "{0},{1},{2},pv,151154407{4}")]
    [DataRow("movielens", "ratings.csv", "userId,movieId,rating,timestamp\n", "{0},{1},{5},96498270{4}")]
    [DataRow("movielens", "u.data", "", "{0}\t{1}\t{5}\t96498270{4}")]
    [DataRow("retailrocket", "events.csv", "timestamp,visitorid,event,itemid,transactionid\n", "143322133211{4},{0},view,{1},")]
    [DataRow("cdnow", "CDNOW_master.txt", "", "{0} 1997010{3} 1 {5}")]
    public void RunAsync_MutatedLines_EveryLineAccountedForAndIdsFromTheInput(string format, string name, string header, string template)
    {
        var read = 0;
        for (var seed = 0; seed < 4; seed++)
        {
            using var folder = new TempFolder();
            var text = Generate(header, template, new Random(seed));
            var path = Path.Combine(folder.Path, name);
            File.WriteAllBytes(path, text);
            try
            {
                var context = IngestHarness.Run(format, path, options: """{ "maxRejectedShare": 1 }""");
                var ingest = context.Data.Ingest!;
                Assert.AreEqual(ingest.InputRows, ingest.Events + ingest.RejectedRows + ingest.DuplicatesDropped + ingest.AfterSnapshot, $"seed {seed}");
                AssertIdsFromInput(context.Data.Events!, text, seed);
                Assert.IsFalse(context.Data.Rejected.Any(r => r.Raw.Any(char.IsControl) || r.Reason.Any(char.IsControl)), $"seed {seed}");
                Assert.IsGreaterThan(0, ingest.RejectedRows, $"seed {seed}: the noise must reach the checks");
                read++;
            }
            catch (RecsysException ex)
            {
                Assert.IsFalse(ex.Message.Any(char.IsControl), $"seed {seed}: {ex.Message}");
            }
        }

        Assert.IsGreaterThan(0, read, "no seed gave a readable file: the fuzz checks nothing");
    }

    private static byte[] Generate(string header, string template, Random random)
    {
        var text = new StringBuilder(header);
        for (var i = 0; i < 300; i++)
        {
            var line = string.Format(
                System.Globalization.CultureInfo.InvariantCulture, template,
                random.Next(20), random.Next(9), random.Next(3), 1 + random.Next(5), random.Next(10), random.Next(2) == 0 ? "" : "3.5");
            if (random.Next(3) == 0)
            {
                var at = random.Next(line.Length + 1);
                line = line[..at] + Noise[random.Next(Noise.Length)] + line[at..];
            }

            text.Append(line).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        // A few bytes that are not UTF-8 at all.
        for (var k = 0; k < 5; k++)
        {
            bytes[header.Length + random.Next(bytes.Length - header.Length)] = 0xFF;
        }

        return bytes;
    }

    private static void AssertIdsFromInput(EventTable events, byte[] input, int seed)
    {
        foreach (var ids in new[] { events.Users.Ids, events.Items.Ids, events.Categories.Ids })
        {
            foreach (var id in ids)
            {
                var verbatim = input.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)) >= 0;
                var quoted = input.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id.Replace("\"", "\"\"", StringComparison.Ordinal))) >= 0;
                Assert.IsTrue(verbatim || quoted, $"seed {seed}: id '{id}' is not in the input");
                Assert.IsFalse(id.Any(c => c < 0x20 || c == 0x7F), $"seed {seed}: id '{id}' has a control character");
            }
        }
    }
}
