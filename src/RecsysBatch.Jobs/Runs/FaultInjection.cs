using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Test-only faults, off unless the environment asks for them, so that retries, resumes and server crashes can be
/// exercised on the real processes:
/// RECSYS_FAULT_FAIL_STAGE=NAME[:N] makes stage NAME throw on its first N attempts in a run (no N: every attempt);
/// RECSYS_FAULT_PAUSE_STAGE=NAME:MS makes stage NAME wait MS milliseconds before it starts (time to kill a server).
/// Attempts are counted in the run's artefacts folder, so they survive a retry on another process.
/// </summary>
public static class FaultInjection
{
    public const string FailVariable = "RECSYS_FAULT_FAIL_STAGE";
    public const string PauseVariable = "RECSYS_FAULT_PAUSE_STAGE";

    internal static async Task BeforeStageAsync(StageContext context, string stage, CancellationToken cancellationToken)
    {
        if (Parse(Environment.GetEnvironmentVariable(PauseVariable)) is { } pause && pause.Stage == stage && pause.Count > 0)
        {
            await Task.Delay(pause.Count, cancellationToken);
        }

        if (Parse(Environment.GetEnvironmentVariable(FailVariable)) is { } fail && fail.Stage == stage)
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
