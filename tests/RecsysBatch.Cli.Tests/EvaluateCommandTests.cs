using System.Globalization;
using System.Text.RegularExpressions;

namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys evaluate mf` on a MovieLens ratings.csv with a planted low-rank structure, written by the test.</summary>
[TestClass]
public sealed class EvaluateCommandTests
{
    private static readonly string[] FiveFolds = ["1", "2", "3", "4", "5"];

    private static readonly DateTime Start = new(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void KFold_PlantedRatings_PrintsEveryFoldAndBeatsTheGlobalMean()
    {
        using var temp = new TempFolder();
        var ratings = WriteRatings(temp.File("ratings.csv"), users: 150, items: 100, perUser: 25, seed: 4);

        var outcome = RecsysProcess.Run(temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("ratings.csv"), "--threads", "2");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        var folds = Regex.Matches(outcome.StdOut, @"^\|\s*(\d)\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", RegexOptions.Multiline);
        CollectionAssert.AreEqual(FiveFolds, folds.Select(m => m.Groups[1].Value).ToArray(), outcome.StdOut);
        Assert.AreEqual(ratings.Count, folds.Sum(m => Number(m.Groups[3].Value)), "every rating is tested once");
        Assert.IsTrue(folds.All(m => Number(m.Groups[2].Value) + Number(m.Groups[3].Value) == ratings.Count));
        var mean = Regex.Match(outcome.StdOut, @"mean RMSE ([\d.]+) ± ([\d.]+), mean MAE ([\d.]+) ± ([\d.]+) over 5 folds; training ([\d.]+) s per epoch");
        Assert.IsTrue(mean.Success, outcome.StdOut);
        Assert.AreEqual(folds.Average(m => Number(m.Groups[4].Value)), Number(mean.Groups[1].Value), 1e-3);
        // Predicting the global mean scores the ratings' standard deviation; the factorization must do clearly better.
        Assert.IsLessThan(0.9 * GlobalMeanRmse(ratings), Number(mean.Groups[1].Value), outcome.StdOut);
    }

    [TestMethod]
    public void Time_PlantedRatings_PrintsMfAndBaselineOnTheLastDays()
    {
        using var temp = new TempFolder();
        var ratings = WriteRatings(temp.File("u.data"), users: 150, items: 100, perUser: 25, seed: 6);
        var asOf = Start.AddDays(60);
        var tested = ratings.Count(r => r.Time >= asOf.AddDays(-10) && r.Time < asOf);

        var outcome = RecsysProcess.Run(
            temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("u.data"), "--protocol", "time",
            "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--horizon-days", "10", "--threads", "2");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.StdOut, $"test on {tested:N0} ratings in [2021-04-20, 2021-04-30)");
        var mf = Regex.Match(outcome.StdOut, @"^\|\s*mf\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", RegexOptions.Multiline);
        var baseline = Regex.Match(outcome.StdOut, @"^\|\s*bias baseline\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", RegexOptions.Multiline);
        Assert.IsTrue(mf.Success && baseline.Success, outcome.StdOut);
        Assert.IsLessThan(GlobalMeanRmse(ratings), Number(mf.Groups[1].Value), outcome.StdOut);
        Assert.IsLessThan(Number(baseline.Groups[1].Value), Number(mf.Groups[1].Value), "the planted interactions are learnable: " + outcome.StdOut);
    }

    [TestMethod]
    public void NoRatings_TaobaoSource_OneLineErrorExit2()
    {
        using var temp = new TempFolder();
        var path = temp.File("taobao.csv");
        File.WriteAllLines(path, Enumerable.Range(0, 40).Select(k => $"{k % 5},{k % 7},{k % 3},{(k % 4 == 0 ? "buy" : "pv")},{1_600_000_000 + (k * 60)}"));

        var outcome = RecsysProcess.Run(temp.Path, "evaluate", "mf", "--source", "taobao:" + path);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdOut);
        Assert.HasCount(1, outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), outcome.StdErr);
        StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: taobao:");
        StringAssert.Contains(outcome.LastErrorLine, "no rating events with a value and an item among 40 events (30 view, 10 purchase)");
    }

    [TestMethod]
    public void RankZero_OneLineErrorExit2()
    {
        using var temp = new TempFolder();
        WriteRatings(temp.File("ratings.csv"), users: 20, items: 10, perUser: 5, seed: 1);

        var outcome = RecsysProcess.Run(temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("ratings.csv"), "--rank", "0");

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdOut);
        Assert.HasCount(1, outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), outcome.StdErr);
        Assert.AreEqual("recsys: error: --rank must be positive; it is 0.", outcome.LastErrorLine.TrimEnd());
    }

    [TestMethod]
    public void KFold_DefaultAuto_PrintsTheLambdaAndRateChosenPerFold()
    {
        using var temp = new TempFolder();
        WriteRatings(temp.File("ratings.csv"), users: 100, items: 60, perUser: 20, seed: 4);

        var outcome = RecsysProcess.Run(temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("ratings.csv"), "--threads", "2", "--rank", "8", "--iterations", "20");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.StdOut, "lambda auto, learning rate auto");
        var chosen = Regex.Match(outcome.StdOut, @"chosen per fold on a random 10% of the fold's training part: lambda ([\d./]+), learning rate ([\d./]+); search [\d.]+ s in all \(15 grid points per fold, at most 20 epochs each\)");
        Assert.IsTrue(chosen.Success, outcome.StdOut);
        Assert.IsTrue(chosen.Groups[1].Value.Split('/').All(v => new[] { 0.01, 0.02, 0.05, 0.1, 0.2 }.Contains(Number(v))), chosen.Value);
        Assert.HasCount(5, chosen.Groups[2].Value.Split('/'));
    }

    [TestMethod]
    public void KFold_ExplicitLambdaAndRate_UsedInEveryFoldWithoutSearch()
    {
        using var temp = new TempFolder();
        WriteRatings(temp.File("ratings.csv"), users: 100, items: 60, perUser: 20, seed: 4);

        var outcome = RecsysProcess.Run(
            temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("ratings.csv"), "--threads", "2", "--lambda", "0.07", "--learning-rate", "0.015");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.StdOut, "lambda 0.07, learning rate 0.015, seed");
        Assert.DoesNotContain("chosen per fold", outcome.StdOut);
    }

    [TestMethod]
    public void Lambda_NeitherAutoNorNumber_OneLineErrorExit2()
    {
        using var temp = new TempFolder();
        WriteRatings(temp.File("ratings.csv"), users: 20, items: 10, perUser: 5, seed: 1);

        var outcome = RecsysProcess.Run(temp.Path, "evaluate", "mf", "--source", "movielens:" + temp.File("ratings.csv"), "--lambda", "strong");

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdOut);
        Assert.AreEqual("recsys: error: --lambda must be auto or a non-negative number; it is 'strong'.", outcome.LastErrorLine.TrimEnd());
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static double GlobalMeanRmse(List<Rating> ratings)
    {
        var mean = ratings.Average(r => r.Value);
        return Math.Sqrt(ratings.Average(r => (r.Value - mean) * (r.Value - mean)));
    }

    /// <summary>
    /// Integer ratings 1..5 = round(3.4 + user bias + item bias + rank-2 interaction + noise), each user rating
    /// <paramref name="perUser"/> distinct random items at random times over 60 days; ratings.csv (with header) or u.data (tab).
    /// </summary>
    private static List<Rating> WriteRatings(string path, int users, int items, int perUser, int seed)
    {
        var random = new Random(seed);
        double Gauss(double scale) => scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var p = Enumerable.Range(0, users * 2).Select(_ => Gauss(0.9)).ToArray();
        var q = Enumerable.Range(0, items * 2).Select(_ => Gauss(0.9)).ToArray();
        var bu = Enumerable.Range(0, users).Select(_ => Gauss(0.3)).ToArray();
        var bi = Enumerable.Range(0, items).Select(_ => Gauss(0.3)).ToArray();
        var ratings = new List<Rating>();
        for (var u = 0; u < users; u++)
        {
            foreach (var i in Enumerable.Range(0, items).OrderBy(_ => random.Next()).Take(perUser))
            {
                var truth = 3.4 + bu[u] + bi[i] + (p[2 * u] * q[2 * i]) + (p[(2 * u) + 1] * q[(2 * i) + 1]) + Gauss(0.2);
                var time = Start.AddSeconds(random.Next(60 * 86_400));
                ratings.Add(new Rating(u + 1, i + 1, Math.Clamp(Math.Round(truth), 1, 5), time));
            }
        }

        var csv = path.EndsWith(".csv", StringComparison.Ordinal);
        var lines = ratings.Select(r => string.Join(csv ? "," : "\t", r.User, r.Item, r.Value.ToString(CultureInfo.InvariantCulture), new DateTimeOffset(r.Time).ToUnixTimeSeconds()));
        File.WriteAllLines(path, csv ? ["userId,movieId,rating,timestamp", .. lines] : lines);
        return ratings;
    }

    private sealed record Rating(int User, int Item, double Value, DateTime Time);
}
