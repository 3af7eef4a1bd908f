using System.Globalization;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class SyntheticRecoveryTests
{
    /// <summary>
    /// Recovery of the generator's planted structure: each user's ten planted top items (highest u·v + popularity)
    /// ranked among all items by the published factors' dot product, as NDCG@10, against ranking by popularity.
    /// </summary>
    [TestMethod]
    public void RunAsync_SyntheticWorld_PlantedTopItemsRankedFarAbovePopularity()
    {
        using var folder = new TempFolder();
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 400, Items = 300, Categories = 10, Days = 30, Seed = 5 }, folder.Path);
        var truth = GroundTruth.Load(Path.Combine(folder.Path, GroundTruth.FileName));
        var (events, snapshot) = Load(Path.Combine(folder.Path, SyntheticGenerator.EventsFileName));

        var context = RunFactorize(events, snapshot: snapshot);
        var userRows = Output(context, FactorizeTables.UserFactors);
        var itemRows = Output(context, FactorizeTables.ItemFactors);
        var items = Enumerable.Range(0, itemRows.RowCount).ToDictionary(r => (string)Cell(itemRows, "item_id", r)!, r => (float[])Cell(itemRows, "factors", r)!);
        var popularity = new Dictionary<string, int>();
        for (var j = 0; j < events.Count; j++)
        {
            var id = events.Items[events.ItemKey[j]];
            popularity[id] = popularity.GetValueOrDefault(id) + 1;
        }

        var byPopularity = popularity.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).Take(10).ToList();
        var planted = truth.Users.ToDictionary(u => u.UserId, u => u.TopItems);
        double mf = 0, pop = 0;
        for (var r = 0; r < userRows.RowCount; r++)
        {
            var user = (string)Cell(userRows, "user_id", r)!;
            var x = (float[])Cell(userRows, "factors", r)!;
            var ranked = items.OrderByDescending(i => i.Value.Zip(x, (a, b) => a * b).Sum()).ThenBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Key).Take(10).ToList();
            mf += Ndcg(ranked, planted[user]);
            pop += Ndcg(byPopularity, planted[user]);
        }

        mf /= userRows.RowCount;
        pop /= userRows.RowCount;
        Assert.IsGreaterThan(1.3 * pop, mf, $"NDCG@10 of planted top items: mf {mf:F3}, popularity {pop:F3}");
    }

    private static double Ndcg(List<string> ranked, IReadOnlyList<string> relevant)
    {
        double dcg = 0, ideal = 0;
        for (var r = 0; r < 10; r++)
        {
            dcg += relevant.Contains(ranked[r]) ? 1 / Math.Log2(r + 2) : 0;
            ideal += r < relevant.Count ? 1 / Math.Log2(r + 2) : 0;
        }

        return dcg / ideal;
    }

    /// <summary>Reads the canonical events.csv (no quoting in generated files); the snapshot is the day after the last event.</summary>
    private static (EventTable Events, DateOnly Snapshot) Load(string path)
    {
        var table = new EventTable();
        var last = long.MinValue;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            Assert.IsTrue(EventTypes.TryParse(f[3], out var type), line);
            var ts = DateTimeOffset.Parse(f[4], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            last = Math.Max(last, ts);
            var value = f[5].Length == 0 ? double.NaN : double.Parse(f[5], CultureInfo.InvariantCulture);
            table.Add(table.Users.GetOrAdd(f[0]), table.Items.GetOrAdd(f[1]), table.Categories.GetOrAdd(f[2]), type, ts, value);
        }

        return (table, Timestamps.DayOf(last).AddDays(1));
    }
}
