using System.Globalization;
using System.Text;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// The ratings of <see cref="MfLibmfBenchmark"/>, written once under --data (kept for later runs): a MovieLens
/// u.data file (user, item, rating, unix seconds; tab) for `recsys evaluate mf`, and its split for LIBMF ("u i r",
/// 0-based ids): train before, test in, the last --horizon days, exactly the time protocol's split (the test window
/// ends the UTC day after the newest rating). Cells come from <see cref="SyntheticRatings.Explicit"/>; the times are
/// spread evenly over --days days from 2020-01-01, so no two lines are equal (ingest would drop exact duplicates).
/// </summary>
internal sealed record MfLibmfData(string Folder, string MovieLens, string LibmfTrain, string LibmfTest, long Ratings, long TrainRatings, int HorizonDays)
{
    public static MfLibmfData Ensure(BenchmarkArgs options)
    {
        var count = options.GetLong("ratings", 10_000_000);
        var users = (int)options.GetLong("users", 71_567);
        var items = (int)options.GetLong("items", 10_681);
        var days = options.GetLong("days", 365);
        var horizon = (int)options.GetLong("horizon", 7);
        var folder = Path.Combine(options.Get("data", "/work/scale/mfeval"), string.Create(CultureInfo.InvariantCulture, $"r{count}-u{users}-i{items}-d{days}-h{horizon}"));
        var data = new MfLibmfData(folder, Path.Combine(folder, "ratings.data"), Path.Combine(folder, "libmf-train.txt"), Path.Combine(folder, "libmf-test.txt"), count, 0, horizon);
        var trainCountFile = Path.Combine(folder, "train-count.txt");
        if (File.Exists(trainCountFile))
        {
            return data with { TrainRatings = long.Parse(File.ReadAllText(trainCountFile), CultureInfo.InvariantCulture) };
        }

        Directory.CreateDirectory(folder);
        Console.WriteLine($"writing {count:N0} ratings to {folder}");
        var cells = SyntheticRatings.Explicit(users, items, count, seed: 1);
        var first = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        long Time(long j) => first + (j * days * 86_400 / count);
        var end = DateTimeOffset.FromUnixTimeSeconds(Time(count - 1)).UtcDateTime.Date.AddDays(1);
        var split = new DateTimeOffset(end.AddDays(-horizon), TimeSpan.Zero).ToUnixTimeSeconds();
        using var movieLens = Writer(data.MovieLens);
        using var train = Writer(data.LibmfTrain);
        using var test = Writer(data.LibmfTest);
        long trainCount = 0;
        var line = new StringBuilder();
        for (var j = 0; j < count; j++)
        {
            var (u, i, r, ts) = (cells.User[j], cells.Item[j], cells.Label[j], Time(j));
            line.Clear().Append(CultureInfo.InvariantCulture, $"{u + 1}\t{i + 1}\t{r}\t{ts}");
            movieLens.WriteLine(line);
            line.Clear().Append(CultureInfo.InvariantCulture, $"{u} {i} {r}");
            (ts < split ? train : test).WriteLine(line);
            trainCount += ts < split ? 1 : 0;
        }

        File.WriteAllText(trainCountFile, trainCount.ToString(CultureInfo.InvariantCulture));
        return data with { TrainRatings = trainCount };
    }

    private static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
}
