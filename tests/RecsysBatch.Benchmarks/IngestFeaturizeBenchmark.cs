using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Ingest + featurize of N generated canonical events (default 10M), end to end from the CSV file to the feature
/// tables in memory. Each measured run is a fresh child process, so peak RSS is that run's own; reports the median.
/// Target (issue 2): ≥ 1M events/s on 2 cores, peak RSS ≤ 4 GB.
/// </summary>
internal static class IngestFeaturizeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var events = options.GetLong("events", 10_000_000);
        var runs = (int)options.GetLong("runs", 3);
        var folder = options.Get("data", Path.Combine(Path.GetTempPath(), "recsys-bench"));
        var file = Path.Combine(folder, $"events-{events}.csv");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            Console.WriteLine($"generating {events:N0} events into {file} ...");
            Generate(file, events);
        }

        Console.WriteLine($"input: {file} ({new FileInfo(file).Length / 1e6:F0} MB), {Environment.ProcessorCount} cores, {runs} runs");
        var results = new List<ChildResult>();
        for (var run = 0; run < runs; run++)
        {
            var result = await RunChildAsync(file);
            results.Add(result);
            Console.WriteLine($"run {run + 1}: {result.Events:N0} events, ingest {result.IngestSeconds:F2} s, featurize {result.FeaturizeSeconds:F2} s, " +
                $"total {result.TotalSeconds:F2} s = {result.Events / result.TotalSeconds / 1e6:F2} M events/s, peak RSS {result.PeakRssBytes / 1e9:F2} GB");
        }

        var median = results.OrderBy(r => r.TotalSeconds).ElementAt(results.Count / 2);
        Console.WriteLine($"median: {median.TotalSeconds:F2} s = {median.Events / median.TotalSeconds / 1e6:F2} M events/s end to end " +
            $"(ingest {median.IngestSeconds:F2} s, featurize {median.FeaturizeSeconds:F2} s); max peak RSS {results.Max(r => r.PeakRssBytes) / 1e9:F2} GB");
        return 0;
    }

    public static async Task<int> ChildAsync(string[] args)
    {
        var file = args[0];
        using var services = new ServiceCollection().AddLogging().AddRecsysPipelines().BuildServiceProvider();
        var stages = services.GetServices<IPipelineStage>().ToDictionary(s => s.Name);
        var pipeline = new PipelineDefinition
        {
            Name = "bench",
            FilePath = file,
            Sources = [new SourceSpec("canonical", file)],
            Stages = [new StageDefinition("ingest", default), new StageDefinition("featurize", default)],
        };
        var artifacts = Path.Combine(Path.GetTempPath(), "recsys-bench-runs", Guid.NewGuid().ToString("N"));
        var context = new StageContext("bench", pipeline, null, 42, artifacts, new RunData());
        var total = Stopwatch.StartNew();
        context.Stage = pipeline.Stages[0];
        await stages["ingest"].RunAsync(context, CancellationToken.None);
        var ingest = total.Elapsed.TotalSeconds;
        context.Stage = pipeline.Stages[1];
        await stages["featurize"].RunAsync(context, CancellationToken.None);
        var seconds = total.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        var result = new ChildResult(context.Data.Ingest!.InputRows, ingest, seconds - ingest, seconds, self.PeakWorkingSet64);
        Console.WriteLine(JsonSerializer.Serialize(result));
        Directory.Delete(artifacts, recursive: true);
        return 0;
    }

    private static async Task<ChildResult> RunChildAsync(string file)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var entry = typeof(IngestFeaturizeBenchmark).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(entry);
        }

        info.ArgumentList.Add("ingest-featurize-child");
        info.ArgumentList.Add(file);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"benchmark child failed ({process.ExitCode}): {output}");
        }

        return JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])!;
    }

    private static void Generate(string file, long events)
    {
        // Pilot: events per user of the generator's default story, then scale the users to reach the target.
        var pilot = new SyntheticOptions { Users = 2000, Items = 20_000, Categories = 1000 };
        var perUser = SyntheticGenerator.WriteEvents(pilot, Stream.Null) / (double)pilot.Users;
        var users = (int)Math.Ceiling(events / perUser);
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var written = SyntheticGenerator.WriteEvents(new SyntheticOptions { Users = users, Items = 200_000, Categories = 1000 }, stream);
        Console.WriteLine($"wrote {written:N0} events for {users:N0} users");
    }

    private sealed record ChildResult(long Events, double IngestSeconds, double FeaturizeSeconds, double TotalSeconds, long PeakRssBytes);
}
