using System.Text;

namespace RecsysBatch.Cli.Tests.Hostile;

/// <summary>
/// Feeds every case of <see cref="HostileCorpus"/> through the real `recsys run` (ingest + featurize into a real
/// DuckDB file) and asserts what an operator relies on: never exit 3 (a bug) or a stack trace; a refused source is
/// one printable line naming the file; a published id is one the input contained verbatim, with no control
/// character and within the id length limit; every line read is accounted for (events + rejected + dropped
/// duplicates + after the snapshot), and the rejected ones are all in rejected_events. Split in two classes so
/// the two test workers share the corpus.
/// </summary>
internal static class HostileInputCheck
{
    public const string AsOf = "2026-10-08";

    public static IEnumerable<object[]> Half(int parity) =>
        HostileCorpus.All.Where((_, i) => i % 2 == parity).Select(c => new object[] { c.Name });

    public static void Run(string name)
    {
        var hostile = HostileCorpus.All.Single(c => c.Name == name);
        var index = HostileCorpus.All.ToList().IndexOf(hostile);
        using var temp = new TempFolder();
        var source = hostile.Write?.Invoke(temp.Path) ?? WriteBytes(temp, hostile);
        var pipeline = temp.File("hostile.pipeline.json");
        File.WriteAllText(pipeline, """
            { "name": "hostile", "horizonDays": 3,
              "stages": [ { "name": "ingest", "options": { "maxRejectedShare": 1.0 } }, { "name": "featurize" } ] }
            """);
        var db = temp.File("w.duckdb");
        List<string> args = ["run", pipeline, "--source", $"{hostile.Format}:{source}", "--warehouse", "duckdb:" + db];
        var explicitSnapshot = index % 2 == 0;
        if (explicitSnapshot)
        {
            args.AddRange(["--as-of", AsOf]);
        }

        var outcome = RecsysProcess.Run(temp.Path, [.. args]);

        var context = $"{name}: exit {outcome.ExitCode}\n{outcome.StdErr}";
        Assert.AreNotEqual(3, outcome.ExitCode, context);
        Assert.IsFalse(outcome.StdErr.Contains("\n   at ", StringComparison.Ordinal), "stack trace at the default log level: " + context);
        AssertPrintable(outcome.LastErrorLine, "last stderr line", context);
        if (outcome.ExitCode != 0)
        {
            Assert.IsTrue(hostile.MayRefuseSource, "only a broken whole file may fail the run: " + context);
            Assert.AreEqual(1, outcome.ExitCode, context);
            StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: ", context);
            StringAssert.Contains(outcome.LastErrorLine, Path.GetFileName(source), "the error names the file: " + context);
            return;
        }

        var run = WarehouseReader.Query(db, "SELECT run_id, input_rows, rejected_rows, duplicates_dropped, events, after_snapshot, snapshot_date FROM job_runs WHERE status = 'succeeded'");
        Assert.HasCount(1, run, context);
        var (runId, input, rejected, duplicates, events, after) = ((string)run[0][0]!, (long)run[0][1]!, (long)run[0][2]!, (long)run[0][3]!, (long)run[0][4]!, (long)run[0][5]!);
        Assert.AreEqual(input, events + rejected + duplicates + after, $"lines read = events + rejected + duplicates + after snapshot: {context}");
        Assert.AreEqual(rejected, WarehouseReader.Scalar(db, $"SELECT count(*) FROM rejected_events WHERE run_id = '{runId}'"), context);
        if (hostile.Bytes is not null && hostile.Format is "canonical" or "movielens" && !hostile.MayRefuseSource)
        {
            Assert.AreEqual(hostile.PhysicalDataLines(header: true), input, "every physical line is counted once: " + context);
        }

        if (!explicitSnapshot && !hostile.MayRefuseSource)
        {
            Assert.AreEqual(new DateOnly(2026, 10, 11), (DateOnly)run[0][6]!, "the default snapshot is the day after the newest valid event: " + context);
        }

        var input8 = hostile.Bytes ?? File.ReadAllBytes(source);
        foreach (var (table, column) in new[] { ("user_features", "user_id"), ("item_features", "item_id") })
        {
            foreach (var row in WarehouseReader.Query(db, $"SELECT DISTINCT {column} FROM {table}"))
            {
                var id = (string)row[0]!;
                Assert.IsTrue(id.Trim().Length > 0, $"{table}.{column} is blank: {context}");
                Assert.IsLessThanOrEqualTo(256, Encoding.UTF8.GetByteCount(id), $"{table}.{column} over the id limit: {context}");
                AssertPrintable(id, $"{table}.{column}", context);
                var verbatim = Contains(input8, Encoding.UTF8.GetBytes(id)) || Contains(input8, Encoding.UTF8.GetBytes(id.Replace("\"", "\"\"", StringComparison.Ordinal)));
                Assert.IsTrue(verbatim, $"{table}.{column} '{Escape(id)}' is not in the input: {context}");
            }
        }

        foreach (var row in WarehouseReader.Query(db, "SELECT raw, reason FROM rejected_events"))
        {
            AssertPrintable((string)row[0]!, "rejected_events.raw", context);
            AssertPrintable((string)row[1]!, "rejected_events.reason", context);
        }
    }

    private static string WriteBytes(TempFolder temp, HostileCase hostile)
    {
        var path = temp.File(hostile.FileName);
        File.WriteAllBytes(path, hostile.Bytes!);
        return path;
    }

    private static void AssertPrintable(string text, string what, string context)
    {
        var bad = text.FirstOrDefault(c => c < ' ' || c == '\u007f');
        Assert.AreEqual('\0', bad, $"{what} carries control character U+{(int)bad:X4}: '{Escape(text)}' ({context})");
    }

    private static string Escape(string text) =>
        string.Concat(text.Take(200).Select(c => c < ' ' || c == '\u007f' ? $"\\x{(int)c:X2}" : c.ToString()));

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
