using System.Diagnostics;

namespace RecsysBatch.Cli.Tests;

/// <summary>Runs the real `recsys` binary (dotnet recsys.dll) in a folder, with artefacts kept in that folder.</summary>
internal static class RecsysProcess
{
    public sealed record Outcome(int ExitCode, string StdOut, string StdErr)
    {
        public string LastErrorLine => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
    }

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = RecsysStartInfo.For(workingDirectory, args);
        info.Environment["RECSYS__ARTIFACTSPATH"] = Path.Combine(workingDirectory, "runs");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public static Outcome Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static Outcome Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"recsys {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
