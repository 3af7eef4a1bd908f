using System.Diagnostics;
using System.Globalization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// `recsys evaluate mf --protocol time` side by side with LIBMF's mf-train on the same synthetic ratings (written
/// once by <see cref="MfLibmfData"/>): the same training part (before the last --horizon days), the same test part
/// (LIBMF's -p), rank, epochs, L2 λ and threads. Whole processes run interleaved (LIBMF, then each recsys binary,
/// repeated) under /usr/bin/time; reports the median CPU seconds (user + sys) and peak RSS of each and their ratios
/// to LIBMF. The two trainers differ (ours: biases and a decaying rate; LIBMF: no biases, adaptive rates), so the
/// test RMSE of each is printed, not compared.
/// </summary>
internal static class MfLibmfBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var data = MfLibmfData.Ensure(options);
        var rank = options.GetLong("rank", 32);
        var epochs = options.GetLong("epochs", 20);
        var lambda = options.Get("lambda", "0.05");
        var threads = options.GetLong("threads", 2);
        var runs = (int)options.GetLong("runs", 3);
        var libmf = Path.Combine(options.Get("libmf", "/work/libmf"), "mf-train");
        var model = Path.Combine(data.Folder, "libmf.model");
        var inv = CultureInfo.InvariantCulture;
        var tools = new List<(string Name, string File, string Args)>
        {
            ("libmf", libmf, string.Create(inv, $"-k {rank} -t {epochs} -l2 {lambda} -s {threads} -p {data.LibmfTest} {data.LibmfTrain} {model}")),
        };
        foreach (var dll in options.Get("recsys", "src/RecsysBatch.Cli/bin/Release/net10.0/recsys.dll").Split(','))
        {
            tools.Add((dll, "dotnet", string.Create(
                inv,
                $"{dll} evaluate mf --source movielens:{data.MovieLens} --protocol time --horizon-days {data.HorizonDays} --rank {rank} --iterations {epochs} --lambda {lambda} --learning-rate 0.01 --threads {threads}")));
        }

        Console.WriteLine($"{data.Ratings:N0} ratings ({data.TrainRatings:N0} train, {data.Ratings - data.TrainRatings:N0} test); rank {rank}, {epochs} epochs, lambda {lambda}, {threads} threads, {runs} interleaved runs");
        var cpu = tools.Select(_ => new List<double>()).ToArray();
        var rss = tools.Select(_ => new List<double>()).ToArray();
        for (var run = 0; run < runs; run++)
        {
            for (var t = 0; t < tools.Count; t++)
            {
                var (seconds, kb, tail) = Measure(tools[t].File, tools[t].Args);
                cpu[t].Add(seconds);
                rss[t].Add(kb / 1024.0);
                Console.WriteLine(string.Create(inv, $"run {run + 1} {tools[t].Name}: CPU {seconds:F2} s, peak RSS {kb / 1024.0:F0} MB{(run == 0 ? $"; {tail}" : "")}"));
            }
        }

        Console.WriteLine("| process | CPU s (median) | peak RSS MB (median) | CPU / LIBMF | RSS / LIBMF |");
        Console.WriteLine("|---|---|---|---|---|");
        var (baseCpu, baseRss) = (BenchmarkStats.Median(cpu[0]), BenchmarkStats.Median(rss[0]));
        for (var t = 0; t < tools.Count; t++)
        {
            var (c, r) = (BenchmarkStats.Median(cpu[t]), BenchmarkStats.Median(rss[t]));
            Console.WriteLine(string.Create(inv, $"| {tools[t].Name} | {c:F2} | {r:F0} | {c / baseCpu:F2} | {r / baseRss:F2} |"));
        }

        return 0;
    }

    /// <summary>CPU seconds (user + sys), peak RSS in KB and the last output line with a test error, of one whole process.</summary>
    private static (double Cpu, long Kb, string Tail) Measure(string file, string arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/time", $"-f \"TIME %U %S %M\" {file} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/time");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var timeLine = stderr.Result.Split('\n').LastOrDefault(l => l.StartsWith("TIME ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || timeLine is null)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }

        var parts = timeLine.Split(' ');
        var cpu = double.Parse(parts[1], CultureInfo.InvariantCulture) + double.Parse(parts[2], CultureInfo.InvariantCulture);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = lines.LastOrDefault(l => l.StartsWith("| mf", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "";
        return (cpu, long.Parse(parts[3], CultureInfo.InvariantCulture), tail.Trim());
    }
}
