using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Test faults, so that retries, resumes and kills can be exercised on the real run path. In-process tests register
/// an instance with the faults they want (and may change them between runs); test processes (`recsys` started by the
/// CLI and host tests) get one from <see cref="FromEnvironment"/>, which <c>AddRecsysBatch</c> registers when no
/// other <see cref="IFaultHooks"/> is:
/// RECSYS_FAULT_FAIL_STAGE=NAME[:N] makes stage NAME throw on its first N attempts in a run (no N: every attempt);
/// RECSYS_FAULT_PAUSE_STAGE=NAME:MS makes stage NAME wait MS milliseconds before it starts (time to kill a server);
/// RECSYS_FAULT_PAUSE_IN_PUBLISH_MS=MS makes a warehouse pause inside its publish transaction and say so on stderr.
/// Attempts are counted in the run's artefacts folder, so they survive a retry on another process.
/// </summary>
public sealed class FaultInjection : IFaultHooks
{
    public const string FailVariable = "RECSYS_FAULT_FAIL_STAGE";
    public const string PauseVariable = "RECSYS_FAULT_PAUSE_STAGE";
    public const string PublishPauseVariable = "RECSYS_FAULT_PAUSE_IN_PUBLISH_MS";

    /// <summary>NAME[:N]: stage NAME fails its first N attempts of a run (no N: every attempt); null: none.</summary>
    public string? FailStage { get; set; }

    /// <summary>NAME:MS: stage NAME waits MS milliseconds before it starts; null: none.</summary>
    public string? PauseStage { get; set; }

    /// <summary>Milliseconds a publish pauses inside its transaction, after the first table (0: none).</summary>
    public int PublishPauseMs { get; set; }

    /// <summary>The faults the environment asks for; <see cref="NoFaultHooks"/> when it asks for none (production).</summary>
    public static IFaultHooks FromEnvironment()
    {
        var faults = new FaultInjection
        {
            FailStage = Environment.GetEnvironmentVariable(FailVariable),
            PauseStage = Environment.GetEnvironmentVariable(PauseVariable),
            PublishPauseMs = int.TryParse(Environment.GetEnvironmentVariable(PublishPauseVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0,
        };
        return string.IsNullOrWhiteSpace(faults.FailStage) && string.IsNullOrWhiteSpace(faults.PauseStage) && faults.PublishPauseMs <= 0
            ? NoFaultHooks.Instance
            : faults;
    }

    public async Task BeforeStageAsync(StageContext context, string stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Parse(PauseStage) is { } pause && pause.Stage == stage && pause.Count > 0)
        {
            await Task.Delay(pause.Count, cancellationToken);
        }

        if (Parse(FailStage) is { } fail && fail.Stage == stage)
        {
            var counter = Path.Combine(context.ArtifactsDirectory, "faults", stage + ".count");
            Directory.CreateDirectory(Path.GetDirectoryName(counter)!);
            var attempts = File.Exists(counter) ? int.Parse(File.ReadAllText(counter), CultureInfo.InvariantCulture) : 0;
            File.WriteAllText(counter, (attempts + 1).ToString(CultureInfo.InvariantCulture));
            if (fail.Count < 0 || attempts < fail.Count)
            {
                throw new RecsysException($"Injected fault in stage '{stage}' (attempt {attempts + 1}; {FailVariable}).");
            }
        }
    }

    /// <summary>Pauses (blocking: the warehouse holds its transaction) so a test can kill the process at exactly this point.</summary>
    public void InsidePublishTransaction()
    {
        var pauseMs = PublishPauseMs;
        if (pauseMs <= 0)
        {
            return;
        }

        Console.Error.WriteLine($"publish paused for {pauseMs} ms inside the transaction ({PublishPauseVariable})");
        Console.Error.Flush();
        Thread.Sleep(pauseMs);
    }

    private static (string Stage, int Count)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(':', 2);
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? (parts[0], n)
            : (parts[0], -1);
    }
}
