using System.Diagnostics;
using System.Text;

namespace RecsysBatch.Host.Tests;

/// <summary>The real `recsys serve` (dotnet recsys.dll) as a child process; disposing it sends SIGTERM, then kills.</summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process, string readyLine)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            // The log is on stderr, as `recsys run`'s is (ConsoleLogging).
            if (e.Data.Contains(readyLine, StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public sealed record Outcome(int ExitCode, string StdOut, string StdErr)
    {
        public string[] ErrorLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public string StdOut
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ProcessId => process.Id;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the process and waits until it logged <paramref name="readyLine"/> on stderr (or failed to).</summary>
    public static ServeProcess Start(string folder, IReadOnlyDictionary<string, string> environment, string[] args, string readyLine = "Hangfire server on queues")
    {
        var serve = new ServeProcess(Launch(folder, environment, args), readyLine);
        var exited = serve.process.WaitForExitAsync();
        var first = Task.WhenAny(serve.started.Task, exited, Task.Delay(StartTimeout)).GetAwaiter().GetResult();
        if (first != serve.started.Task)
        {
            var state = first == exited ? $"exited with {serve.process.ExitCode}" : "did not start in time";
            serve.Dispose();
            throw new InvalidOperationException($"recsys {string.Join(' ', args)} {state}.\nstdout:\n{serve.StdOut}\nstderr:\n{serve.StdErr}");
        }

        return serve;
    }

    /// <summary>Runs a serve that is expected to refuse to start (or a command such as `run`), up to its exit.</summary>
    public static Outcome RunToExit(string folder, IReadOnlyDictionary<string, string> environment, string[] args, TimeSpan? timeout = null)
    {
        using var process = Launch(folder, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? StartTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"recsys {string.Join(' ', args)} did not exit: it started although its configuration is bad.\n{stdout.Result}");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code of the graceful shutdown.</summary>
    public int Stop(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"recsys serve did not stop within {timeout} of SIGTERM.\n{StdOut}");
            }
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                Stop(TimeSpan.FromSeconds(20));
            }
        }
        catch (TimeoutException)
        {
            // Killed instead; the test that needed a graceful stop asserts it itself.
        }

        process.Dispose();
    }

    private static Process Launch(string folder, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var info = RecsysStartInfo.For(folder, args);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment.Remove("RECSYS_LOG_LEVEL");
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
