using System.Globalization;
using System.Text;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Tests;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class TimeSplitReaderTests
{
    private static readonly long Start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>u.data lines (user item rating unix_s) over 30 days; ids are strings ("u7", "i3") so keys are first-appearance order.</summary>
    private static List<string> Lines(int count, int seed, bool inTimeOrder)
    {
        var random = new Random(seed);
        var lines = new List<(long Ts, string Line)>();
        for (var j = 0; j < count; j++)
        {
            var ts = Start + random.Next(30 * 86_400);
            var rating = random.Next(1, 11) / 2.0;
            lines.Add((ts, string.Create(CultureInfo.InvariantCulture, $"u{random.Next(40)}\ti{random.Next(25)}\t{rating}\t{ts}")));
        }

        return [.. (inTimeOrder ? lines.OrderBy(l => l.Ts) : lines.AsEnumerable()).Select(l => l.Line)];
    }

    private static string Write(TempFolder temp, IEnumerable<string> lines, string name = "u.data") =>
        temp.Write(name, string.Join('\n', lines) + "\n");

    private static TimeSplit? Direct(string file, DateOnly? asOf = null) =>
        TimeSplitReader.TryRead([SourceSpec.Parse("movielens:" + file)], asOf, 7, CancellationToken.None);

    /// <summary>The matrices as `evaluate mf` built them before: through ingest's event table.</summary>
    private static (RatingMatrix Train, RatingMatrix Test) ThroughIngest(string file, DateOnly split, DateOnly end, DateOnly? asOf = null)
    {
        var events = RatingSources.LoadAsync([SourceSpec.Parse("movielens:" + file)], asOf is { } d ? Timestamps.ToUnixMs(d) : long.MaxValue, CancellationToken.None)
            .GetAwaiter().GetResult();
        return (
            RatingSources.Ratings(events, long.MinValue, Timestamps.ToUnixMs(split), "train", "-"),
            RatingSources.Ratings(events, Timestamps.ToUnixMs(split), Timestamps.ToUnixMs(end), "test", "-"));
    }

    /// <summary>The direct reading of <paramref name="file"/> succeeds and gives ingest's training and test matrices.</summary>
    private static void AssertSameAsIngest(string file)
    {
        var direct = Direct(file);

        Assert.IsNotNull(direct);
        var (train, test) = ThroughIngest(file, direct.Split, direct.End);
        AssertSame(train, direct.Train);
        AssertSame(test, direct.Test);
    }

    private static void AssertSame(RatingMatrix expected, RatingMatrix actual)
    {
        Assert.AreEqual(expected.Users, actual.Users);
        Assert.AreEqual(expected.Items, actual.Items);
        CollectionAssert.AreEqual(expected.User, actual.User);
        CollectionAssert.AreEqual(expected.Item, actual.Item);
        CollectionAssert.AreEqual(expected.Label, actual.Label);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void TryRead_CleanFile_SameMatricesAsIngest(bool inTimeOrder)
    {
        using var temp = new TempFolder();
        // Re-ratings of a (user, item) at another time are kept by ingest, so they must not make the reader give up.
        var file = Write(temp, Lines(3_000, seed: 1, inTimeOrder));

        var direct = Direct(file);

        Assert.IsNotNull(direct);
        Assert.AreEqual(new DateOnly(2021, 1, 31), direct.End);
        Assert.AreEqual(new DateOnly(2021, 1, 24), direct.Split);
        var (train, test) = ThroughIngest(file, direct.Split, direct.End);
        AssertSame(train, direct.Train);
        AssertSame(test, direct.Test);
    }

    /// <summary>
    /// Numeric ids (the one-scan parser's lines) mixed with lines it leaves to the general parser (blanks around a
    /// field, a leading zero, "4.0", CRLF), in each layout: the same matrices as ingest.
    /// </summary>
    [TestMethod]
    [DataRow("u.data", "\t")]
    [DataRow("ratings.dat", "::")]
    [DataRow("ratings.csv", ",")]
    public void TryRead_NumericIdsMixedWithOtherLines_SameMatricesAsIngest(string name, string separator)
    {
        using var temp = new TempFolder();
        var random = new Random(name.Length);
        var lines = new List<(long Ts, string Line)>();
        for (var j = 0; j < 3_000; j++)
        {
            var ts = Start + random.Next(30 * 86_400);
            var (user, item, rating) = (random.Next(1, 60).ToString(CultureInfo.InvariantCulture), random.Next(1, 30).ToString(CultureInfo.InvariantCulture), (random.Next(1, 11) / 2.0).ToString(CultureInfo.InvariantCulture));
            var fields = (j % 7) switch
            {
                0 => [" " + user, item, rating, ts.ToString(CultureInfo.InvariantCulture) + " "],
                1 => ["0" + user, item, rating + (rating.Contains('.', StringComparison.Ordinal) ? "0" : ".0"), ts.ToString(CultureInfo.InvariantCulture)],
                _ => new[] { user, item, rating, ts.ToString(CultureInfo.InvariantCulture) },
            };
            lines.Add((ts, string.Join(separator, fields) + (j % 5 == 0 ? "\r" : "")));
        }

        var text = lines.OrderBy(l => l.Ts).Select(l => l.Line).Prepend(name.EndsWith(".csv", StringComparison.Ordinal) ? "userId,movieId,rating,timestamp" : null).OfType<string>();
        var file = Write(temp, text, name);

        AssertSameAsIngest(file);
    }

    [TestMethod]
    public void TryRead_CsvColumnsInAnotherOrder_SameMatricesAsIngest()
    {
        using var temp = new TempFolder();
        var lines = Lines(800, seed: 8, inTimeOrder: true)
            .Select(l => l.Replace("u", "", StringComparison.Ordinal).Replace("i", "", StringComparison.Ordinal).Split('\t'))
            .Select(f => string.Join(',', f[3], f[2], f[1], f[0]))
            .Prepend("timestamp,rating,movieId,userId");
        var file = Write(temp, lines, "ratings.csv");

        AssertSameAsIngest(file);
    }

    [TestMethod]
    [DataRow("7\t3\t4..5\t1609459200")]
    [DataRow("7\t3\t-4\t1609459200")]
    [DataRow("7\t3\t4\t100")]
    [DataRow("7\t3\t4\t1609459200\t")]
    [DataRow("7\t\t4\t1609459200")]
    public void TryRead_RejectedNumericLine_LeavesItToIngest(string bad)
    {
        using var temp = new TempFolder();
        var lines = Lines(500, seed: 5, inTimeOrder: false);
        lines.Insert(250, bad);

        Assert.IsNull(Direct(Write(temp, lines)));
    }

    [TestMethod]
    public void TryRead_AsOf_LaterEventsLeaveNoKeysAsInIngest()
    {
        using var temp = new TempFolder();
        var file = Write(temp, Lines(2_000, seed: 2, inTimeOrder: false));
        var asOf = new DateOnly(2021, 1, 20);

        var direct = Direct(file, asOf);

        Assert.IsNotNull(direct);
        Assert.AreEqual(asOf, direct.End);
        var (train, test) = ThroughIngest(file, direct.Split, direct.End, asOf);
        AssertSame(train, direct.Train);
        AssertSame(test, direct.Test);
    }

    [TestMethod]
    public void TryRead_CsvLayoutWithHeaderAndBlankLines_SameMatricesAsIngest()
    {
        using var temp = new TempFolder();
        var lines = Lines(500, seed: 3, inTimeOrder: false).Select(l => l.Replace('\t', ',')).ToList();
        lines.Insert(0, "userId,movieId,rating,timestamp");
        lines.Insert(10, "");
        var file = Write(temp, lines, "ratings.csv");

        AssertSameAsIngest(file);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void TryRead_ExactDuplicateLine_LeavesItToIngest(bool inTimeOrder)
    {
        using var temp = new TempFolder();
        var lines = Lines(2_000, seed: 4, inTimeOrder);
        lines.Add(lines[700]);
        var file = Write(temp, inTimeOrder ? lines.OrderBy(l => long.Parse(l.Split('\t')[3], CultureInfo.InvariantCulture)) : lines);

        Assert.IsNull(Direct(file));
    }

    [TestMethod]
    [DataRow("u1\ti1\t4")]
    [DataRow("u1\ti1\tfour\t1609459200")]
    [DataRow("u1\ti1\t-1\t1609459200")]
    [DataRow("\ti1\t4\t1609459200")]
    [DataRow("u1\ti1\t4\t100")]
    public void TryRead_RejectedLine_LeavesItToIngest(string bad)
    {
        using var temp = new TempFolder();
        var lines = Lines(500, seed: 5, inTimeOrder: false);
        lines.Insert(250, bad);

        Assert.IsNull(Direct(Write(temp, lines)));
    }

    [TestMethod]
    public void TryRead_NoTestRatings_LeavesTheErrorToIngest()
    {
        using var temp = new TempFolder();
        var file = Write(temp, Lines(500, seed: 6, inTimeOrder: false));

        Assert.IsNull(Direct(file, new DateOnly(2021, 2, 20)));
    }

    [TestMethod]
    public void TryRead_OtherFormat_LeavesItToIngest()
    {
        using var temp = new TempFolder();
        var file = temp.Write("events.csv", "user_id,item_id,event_type,ts,value\nu1,i1,rating,2021-01-01T00:00:00Z,4\n");

        Assert.IsNull(TimeSplitReader.TryRead([SourceSpec.Parse("canonical:" + file)], null, 7, CancellationToken.None));
    }

    [TestMethod]
    public void MfEvaluation_DirectAndThroughIngest_SameReport()
    {
        using var temp = new TempFolder();
        var file = Write(temp, Lines(4_000, seed: 7, inTimeOrder: true));
        var sources = new[] { SourceSpec.Parse("movielens:" + file) };
        var given = new MfEvaluationSettings { Rank = 4, Iterations = 5, Lambda = 0.05, LearningRate = 0.01, Threads = 2 };

        var direct = MfEvaluation.TimeHoldOutAsync(sources, given, null, 7, CancellationToken.None).GetAwaiter().GetResult();
        // A bad line in front sends the same ratings through ingest (rejected lines are within its 1% limit).
        var withBadLine = Write(temp, ["u1\ti1\tfour\t1609459200", .. File.ReadAllLines(file)], "bad.data");
        var ingest = MfEvaluation.TimeHoldOutAsync([SourceSpec.Parse("movielens:" + withBadLine)], given, null, 7, CancellationToken.None)
            .GetAwaiter().GetResult();

        Assert.AreEqual(ingest.TrainRatings, direct.TrainRatings);
        Assert.AreEqual(ingest.TestRatings, direct.TestRatings);
        Assert.AreEqual(ingest.MfRmse, direct.MfRmse);
        Assert.AreEqual(ingest.MfMae, direct.MfMae);
        Assert.AreEqual(ingest.BaselineRmse, direct.BaselineRmse);
    }
}
