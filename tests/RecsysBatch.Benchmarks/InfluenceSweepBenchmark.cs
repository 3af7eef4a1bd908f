using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Coverage of the influence stage on synthetic data: per seed, generates the default data set, runs ingest and
/// influence (horizon 7 days), and compares each behaviour's overall AIPW interval with the planted next-window
/// effect of ground_truth.json (nextWindowTau). Prints per seed and behaviour the estimate, interval, coverage and
/// the naive difference, then the share of seeds whose interval covers the truth.
/// `--carry-over-click/--carry-over-fav/--carry-over-cart δ` switch on the generator's carry-over purchases (a
/// non-zero planted next-window effect; `--carry-over-days`, default 14, is the delay span).
/// `--adjust-other-behaviors true` runs the stage with that option (fav adjusted for cart and cart for fav).
/// `--nuisance auto|logistic|fasttree` (default logistic, as the stage) sets the stage's nuisance learner: logistic is the estimator
/// before the learners were chosen per fold, so the two runs compare bias and coverage of the choice.
/// The summary gives each behaviour's mean bias with its standard error over the seeds (a bias of one or two standard
/// errors is seed noise, not a property of the estimator).
/// `--oracle true` adds, for fav and cart, the same cross-fitted AIPW with the generator's latent confounders added to
/// the stage's (the user's purchase propensity ρ and activity λ, the pair's affinity s, the pair's click count in the
/// exposure window) and its exact propensity 1 − (1 − P(b | click; s, ρ))^clicks: what the bias would be if the
/// confounders were measured, and the seed-paired shift from the stage's estimate (mean ± standard error).
/// </summary>
internal static class InfluenceSweepBenchmark
{
    private static readonly string[] Behaviors = ["click", "fav", "cart"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var seeds = (int)options.GetLong("seeds", 20);
        var first = (int)options.GetLong("first-seed", 1);
        var users = (int)options.GetLong("users", new SyntheticOptions().Users);
        var carryClick = Double(options, "carry-over-click");
        var carryFav = Double(options, "carry-over-fav");
        var carryCart = Double(options, "carry-over-cart");
        var carryDays = (int)options.GetLong("carry-over-days", new SyntheticOptions().CarryOverDays);
        var adjust = bool.Parse(options.Get("adjust-other-behaviors", "false"));
        var nuisance = options.Get("nuisance", "logistic");
        var oracle = bool.Parse(options.Get("oracle", "false"));
        var oracleBias = new Dictionary<string, List<(double Oracle, double Shift, bool Covers)>> { ["fav"] = [], ["cart"] = [] };
        var biases = Behaviors.ToDictionary(b => b, _ => new List<double>());
        using var stageOptions = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, object> { ["adjustForOtherBehaviors"] = adjust, ["nuisance"] = nuisance }));
        var sums = Behaviors.ToDictionary(b => b, _ => new double[3]);
        using var services = new ServiceCollection().AddLogging().AddRecsysPipelines().BuildServiceProvider();
        var stages = services.GetServices<IPipelineStage>().ToDictionary(s => s.Name);
        var covered = Behaviors.ToDictionary(b => b, _ => 0);
        var naiveAbove = Behaviors.ToDictionary(b => b, _ => 0);
        var seconds = new List<double>();
        Console.WriteLine("| seed | behaviour | planted | AIPW | 95% CI | covers | naive |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var seed = first; seed < first + seeds; seed++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "recsys-influence-sweep", Guid.NewGuid().ToString("N"));
            try
            {
                SyntheticGenerator.Generate(
                    new SyntheticOptions
                    {
                        Seed = seed, Users = users, CarryOverClick = carryClick, CarryOverFav = carryFav, CarryOverCart = carryCart, CarryOverDays = carryDays,
                    },
                    folder);
                var truth = GroundTruth.Load(Path.Combine(folder, GroundTruth.FileName));
                var (table, context, elapsed) = await RunStagesAsync(stages, Path.Combine(folder, SyntheticGenerator.EventsFileName), folder, stageOptions.RootElement);
                seconds.Add(elapsed);
                foreach (var behavior in Behaviors)
                {
                    var planted = truth.Effects.Behaviors.Single(b => b.Behavior == behavior).NextWindowTau;
                    var row = Row(table, behavior);
                    var estimate = Cell(table, row, "estimate");
                    var low = Cell(table, row, "ci_low");
                    var high = Cell(table, row, "ci_high");
                    var naive = Cell(table, row, "naive_estimate");
                    var covers = low <= planted && planted <= high;
                    covered[behavior] += covers ? 1 : 0;
                    naiveAbove[behavior] += naive > high ? 1 : 0;
                    sums[behavior][0] += planted;
                    sums[behavior][1] += estimate;
                    sums[behavior][2] += naive;
                    biases[behavior].Add(estimate - planted);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {seed} | {behavior} | {planted:F4} | {estimate:+0.0000;-0.0000} | [{low:+0.0000;-0.0000}, {high:+0.0000;-0.0000}] | {(covers ? "yes" : "no")} | {naive:+0.0000;-0.0000} |"));
                    if (oracle && oracleBias.TryGetValue(behavior, out var list))
                    {
                        var world = SyntheticWorld.Create(new SyntheticOptions { Seed = seed, Users = users });
                        var result = OracleEstimate(context, world, behavior == "fav" ? EventType.Fav : EventType.Cart);
                        var oracleCovers = result.CiLow <= planted && planted <= result.CiHigh;
                        list.Add((result.Estimate - planted, result.Estimate - estimate, oracleCovers));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {seed} | {behavior} (oracle) | {planted:F4} | {result.Estimate:+0.0000;-0.0000} | [{result.CiLow:+0.0000;-0.0000}, {result.CiHigh:+0.0000;-0.0000}] | {(oracleCovers ? "yes" : "no")} | |"));
                    }
                }
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        Console.WriteLine();
        foreach (var behavior in Behaviors)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{behavior}: interval covers the planted effect in {covered[behavior]}/{seeds} seeds ({100.0 * covered[behavior] / seeds:F0}%), naive above the interval in {naiveAbove[behavior]}/{seeds}; mean planted {sums[behavior][0] / seeds:F4}, bias {(sums[behavior][1] - sums[behavior][0]) / seeds:+0.0000;-0.0000} ± {StandardError(biases[behavior]):F4} (SE over seeds), AIPW {sums[behavior][1] / seeds:F4}, naive {sums[behavior][2] / seeds:F4}"));
        }

        foreach (var (behavior, list) in oracleBias.Where(o => o.Value.Count > 0))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{behavior} with the generator's confounders (oracle): bias {list.Average(o => o.Oracle):+0.0000;-0.0000} ± {StandardError([.. list.Select(o => o.Oracle)]):F4}, covers in {list.Count(o => o.Covers)}/{list.Count}; shift from the stage's estimate {list.Average(o => o.Shift):+0.0000;-0.0000} ± {StandardError([.. list.Select(o => o.Shift)]):F4} (seed-paired)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nuisance {nuisance}; ingest + influence: median {seconds.Order().ElementAt(seconds.Count / 2):F2} s per seed"));
        return 0;
    }

    private static double StandardError(List<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
    }

    /// <summary>
    /// fav's or cart's overall AIPW as the stage computes it (logistic nuisances, same folds, clicked pairs), with the
    /// generator's latent confounders added to the stage's and the exact propensity in place of the fitted one.
    /// </summary>
    private static AipwResult OracleEstimate(StageContext context, SyntheticWorld world, EventType behavior)
    {
        var events = context.Data.RequireEvents();
        var stageOptions = new InfluenceOptions();
        var windows = InfluenceWindows.At(context.CutoffMs, 7);
        var units = PairUnits.Build(events, windows);
        var n = units.Count;
        var index = new Dictionary<long, int>();
        for (var r = 0; r < n; r++)
        {
            index[((long)units.User[r] << 32) | (uint)units.Item[r]] = r;
        }

        var clicks = new int[n];
        for (var e = 0; e < events.Count; e++)
        {
            if (events.Type[e] == EventType.Click && windows.InExposure(events.TimestampMs[e]) && events.ItemKey[e] >= 0
                && index.TryGetValue(((long)events.UserKey[e] << 32) | (uint)events.ItemKey[e], out var r))
            {
                clicks[r]++;
            }
        }

        // The generator writes ids as "u<index>" and "i<index>".
        var user = units.User.Select(u => int.Parse(events.Users[u].AsSpan(1), CultureInfo.InvariantCulture)).ToArray();
        var item = units.Item.Select(i => int.Parse(events.Items[i].AsSpan(1), CultureInfo.InvariantCulture)).ToArray();
        var s = Enumerable.Range(0, n).Select(r => FunnelModel.Squash(world.Affinity(user[r], item[r]))).ToArray();
        var rho = user.Select(u => world.Users.Propensity[u]).ToArray();
        var features = NuisanceData.Standardize([
            .. UnitFeatures.Build(events, units, windows),
            [.. s.Select(v => (float)v)], [.. rho.Select(v => (float)v)], [.. user.Select(u => (float)world.Users.Lambda[u])],
            [.. clicks.Select(c => (float)Math.Log(1 + c))]]);
        var treated = units.Treated[(int)behavior];
        var population = Enumerable.Range(0, n).Where(r => units.Treated[(int)EventType.Click][r]).ToArray();
        var folds = CrossFit.UserFolds(units.User, stageOptions.Folds, context.Seed);
        var fit = CrossFit.Run(new MLContext(context.Seed), features, treated, units.Purchased, folds, stageOptions.Folds, population, new bool[n], NuisanceLearner.Logistic,
            new NuisanceCap(units.User, stageOptions.NuisanceRowsPerParameter, context.Seed + 2));
        var exact = Enumerable.Range(0, n)
            .Select(r => 1 - Math.Pow(1 - (behavior == EventType.Fav ? FunnelModel.Fav(s[r], rho[r]) : FunnelModel.Cart(s[r], rho[r])), clicks[r]))
            .ToArray();
        return AipwEstimator.Estimate(population, treated, units.Purchased, fit with { Propensity = exact }, units.User,
            stageOptions.ClipLow, stageOptions.ClipHigh, stageOptions.MinArmUnits, stageOptions.MinOutcomesPerArm);
    }

    private static async Task<(OutputTable Table, StageContext Context, double Seconds)> RunStagesAsync(Dictionary<string, IPipelineStage> stages, string file, string folder, JsonElement influenceOptions)
    {
        var pipeline = new PipelineDefinition
        {
            Name = "influence-sweep",
            FilePath = file,
            HorizonDays = 7,
            Sources = [new SourceSpec("canonical", file)],
            Stages = [new StageDefinition("ingest", default), new StageDefinition("influence", influenceOptions)],
        };
        var context = new StageContext("sweep", pipeline, null, 42, Path.Combine(folder, "run"), new RunData());
        var clock = Stopwatch.StartNew();
        foreach (var stage in pipeline.Stages)
        {
            context.Stage = stage;
            await stages[stage.Name].RunAsync(context, CancellationToken.None);
        }

        if (!context.Data.TryGetOutput("influence_coefficients", out var table))
        {
            throw new InvalidOperationException("the influence stage wrote no influence_coefficients");
        }

        return (table, context, clock.Elapsed.TotalSeconds);
    }

    private static double Double(BenchmarkArgs options, string name) => double.Parse(options.Get(name, "0"), CultureInfo.InvariantCulture);

    private static int Row(OutputTable table, string behavior)
    {
        for (var r = 0; r < table.RowCount; r++)
        {
            if (Text(table, r, "behavior") == behavior && Text(table, r, "segment") == "overall")
            {
                return r;
            }
        }

        throw new InvalidOperationException($"no overall row for {behavior}");
    }

    private static string? Text(OutputTable table, int row, string column) => (string?)table.Columns[Index(table, column)].GetValue(row);

    private static double Cell(OutputTable table, int row, string column) =>
        table.Columns[Index(table, column)].GetValue(row) is double value ? value : double.NaN;

    private static int Index(OutputTable table, string column) =>
        table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(column);
}
