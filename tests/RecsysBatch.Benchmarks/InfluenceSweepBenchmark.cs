using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines;
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
/// `--nuisance auto|logistic|fasttree` (default auto) sets the stage's nuisance learner: logistic is the estimator
/// before the learners were chosen per fold, so the two runs compare bias and coverage of the choice.
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
                var (table, elapsed) = await RunStagesAsync(stages, Path.Combine(folder, SyntheticGenerator.EventsFileName), folder, stageOptions.RootElement);
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
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {seed} | {behavior} | {planted:F4} | {estimate:+0.0000;-0.0000} | [{low:+0.0000;-0.0000}, {high:+0.0000;-0.0000}] | {(covers ? "yes" : "no")} | {naive:+0.0000;-0.0000} |"));
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
                $"{behavior}: interval covers the planted effect in {covered[behavior]}/{seeds} seeds ({100.0 * covered[behavior] / seeds:F0}%), naive above the interval in {naiveAbove[behavior]}/{seeds}; mean planted {sums[behavior][0] / seeds:F4}, bias {(sums[behavior][1] - sums[behavior][0]) / seeds:+0.0000;-0.0000}, AIPW {sums[behavior][1] / seeds:F4}, naive {sums[behavior][2] / seeds:F4}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nuisance {nuisance}; ingest + influence: median {seconds.Order().ElementAt(seconds.Count / 2):F2} s per seed"));
        return 0;
    }

    private static async Task<(OutputTable Table, double Seconds)> RunStagesAsync(Dictionary<string, IPipelineStage> stages, string file, string folder, JsonElement influenceOptions)
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

        return (table, clock.Elapsed.TotalSeconds);
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
