using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// The whole nightly at scale (issue 17): generates N synthetic events once (the `recsys sample` story, 20,000 items,
/// users scaled to reach N), then runs `recsys run` of the nightly pipeline on them R times, each a fresh child
/// process of the real CLI, and reports wall seconds, per-stage seconds (the "[stage] done in X s" lines) and peak
/// RSS (the child's VmHWM from /proc, read every 50 ms until it exits), with medians. With --compare OTHER_RECSYS_DLL
/// the two binaries run interleaved A/B/A/B on the same data, so a before/after is measured under the same load.
/// --input FILE runs an existing canonical events file instead. Targets: 10M events in ≤ 10 min wall and ≤ 4 GB peak RSS on 2 cores.
/// </summary>
internal static partial class NightlyScaleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var events = options.GetLong("events", 10_000_000);
        var runs = (int)options.GetLong("runs", 3);
        var items = (int)options.GetLong("items", 20_000);
        var folder = options.Get("data", Path.Combine(Path.GetTempPath(), "recsys-nightly-scale"));
        var pipeline = Path.GetFullPath(options.Get("pipeline", Path.Combine("pipelines", "nightly.pipeline.json")));
        var binaries = new List<string> { Path.GetFullPath(options.Get("recsys", Path.Combine("src", "RecsysBatch.Cli", "bin", "Release", "net10.0", "recsys.dll"))) };
        if (options.Get("compare", "") is { Length: > 0 } other)
        {
            binaries.Add(Path.GetFullPath(other));
        }

        foreach (var binary in binaries.Where(b => !File.Exists(b)))
        {
            Console.Error.WriteLine($"nightly-scale: {binary} does not exist (build the CLI first: dotnet build src/RecsysBatch.Cli -c Release)");
            return 2;
        }

        var file = Path.GetFullPath(options.Get("input", Path.Combine(folder, $"events-{events}-{items}.csv")));
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            Generate(file, events, items);
        }

        var work = Path.Combine(folder, "runs");
        Console.WriteLine($"input: {file} ({new FileInfo(file).Length / 1e6:F0} MB); pipeline {pipeline}; {Environment.ProcessorCount} cores; {runs} runs of each of {binaries.Count} binaries, interleaved");
        var results = binaries.ToDictionary(b => b, _ => new List<RunResult>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var binary in binaries)
            {
                var result = await RunOnceAsync(binary, pipeline, file, work);
                results[binary].Add(result);
                Console.WriteLine($"run {run + 1} {Label(binaries, binary)}: wall {result.WallSeconds:F1} s, peak RSS {result.PeakRssBytes / 1e9:F2} GB, " +
                    string.Join(", ", result.Stages.Select(s => $"{s.Key} {s.Value:F1} s" + (result.StagePeaks.TryGetValue(s.Key, out var gb) ? $" (peak {gb:F2} GB)" : ""))));
            }
        }

        foreach (var binary in binaries)
        {
            var list = results[binary];
            var stages = list.SelectMany(r => r.Stages.Keys).Distinct().ToList();
            Console.WriteLine($"median {Label(binaries, binary)} ({binary}): wall {BenchmarkStats.Median(list.Select(r => r.WallSeconds)):F1} s, " +
                $"peak RSS {BenchmarkStats.Median(list.Select(r => (double)r.PeakRssBytes)) / 1e9:F2} GB (max {list.Max(r => r.PeakRssBytes) / 1e9:F2}); " +
                string.Join(", ", stages.Select(s => $"{s} {BenchmarkStats.Median(list.Select(r => r.Stages.GetValueOrDefault(s))):F1} s")));
        }

        if (binaries.Count == 2)
        {
            double Wall(string b) => BenchmarkStats.Median(results[b].Select(r => r.WallSeconds));
            double Rss(string b) => BenchmarkStats.Median(results[b].Select(r => (double)r.PeakRssBytes));
            Console.WriteLine($"ratio A/B: wall {Wall(binaries[0]) / Wall(binaries[1]):F3}, peak RSS {Rss(binaries[0]) / Rss(binaries[1]):F3}");
        }

        return 0;
    }

    private static string Label(List<string> binaries, string binary) => binaries.Count == 1 ? "" : binary == binaries[0] ? "A" : "B";

    private static async Task<RunResult> RunOnceAsync(string binary, string pipeline, string file, string work)
    {
        var folder = Path.Combine(work, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in new[] { binary, "run", pipeline, "--source", "canonical:" + file, "--warehouse", "duckdb:" + Path.Combine(folder, "warehouse.duckdb") })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["RECSYS_PROGRESS_SECONDS"] = "0";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, HighWaterMark(process.Id));
            await Task.Delay(50);
        }

        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        var text = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"recsys run failed ({process.ExitCode}): {text}\n{await errors}");
        }

        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        var stagePeaks = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match match in StageDone().Matches(text))
        {
            stages[match.Groups[1].Value] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (match.Groups[3].Success)
            {
                stagePeaks[match.Groups[1].Value] = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            }
        }

        Directory.Delete(folder, recursive: true);
        return new RunResult(wall, peak, stages, stagePeaks);
    }

    /// <summary>VmHWM of a running process in bytes (0 when it has just exited).</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static void Generate(string file, long events, int items)
    {
        // Pilot: events per user of the sample's story, then scale the users to reach the target.
        var pilot = new SyntheticOptions { Users = 2000, Items = items };
        var perUser = SyntheticGenerator.WriteEvents(pilot, Stream.Null) / (double)pilot.Users;
        var users = (int)Math.Ceiling(events / perUser);
        Console.WriteLine($"generating ~{events:N0} events ({users:N0} users, {items:N0} items) into {file} ...");
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var written = SyntheticGenerator.WriteEvents(new SyntheticOptions { Users = users, Items = items }, stream);
        Console.WriteLine($"wrote {written:N0} events");
    }

    [GeneratedRegex(@"\[(\w+)\] done in ([0-9.]+) s(?:, peak RSS ([0-9.]+) GB)?")]
    private static partial Regex StageDone();

    /// <param name="StagePeaks">Peak RSS (GB) of the process when each stage finished, as the CLI's "done" line says.</param>
    private sealed record RunResult(double WallSeconds, long PeakRssBytes, Dictionary<string, double> Stages, Dictionary<string, double> StagePeaks);
}
