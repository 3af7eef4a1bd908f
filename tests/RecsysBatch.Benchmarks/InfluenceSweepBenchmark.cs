using System.Diagnostics;
using System.Globalization;
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
                SyntheticGenerator.Generate(new SyntheticOptions { Seed = seed, Users = users }, folder);
                var truth = GroundTruth.Load(Path.Combine(folder, GroundTruth.FileName));
                var (table, elapsed) = await RunStagesAsync(stages, Path.Combine(folder, SyntheticGenerator.EventsFileName), folder);
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
            Console.WriteLine($"{behavior}: interval covers the planted effect in {covered[behavior]}/{seeds} seeds ({100.0 * covered[behavior] / seeds:F0}%), naive above the interval in {naiveAbove[behavior]}/{seeds}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest + influence: median {seconds.Order().ElementAt(seconds.Count / 2):F2} s per seed"));
        return 0;
    }

    private static async Task<(OutputTable Table, double Seconds)> RunStagesAsync(Dictionary<string, IPipelineStage> stages, string file, string folder)
    {
        var pipeline = new PipelineDefinition
        {
            Name = "influence-sweep",
            FilePath = file,
            HorizonDays = 7,
            Sources = [new SourceSpec("canonical", file)],
            Stages = [new StageDefinition("ingest", default), new StageDefinition("influence", default)],
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
