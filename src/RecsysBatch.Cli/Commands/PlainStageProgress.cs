using RecsysBatch.Core.Stages;

namespace RecsysBatch.Cli.Commands;

/// <summary>Progress when output is not a terminal (CI, cron, a log file): one line when a stage starts and ends.</summary>
internal sealed class PlainStageProgress : IProgress<StageProgress>
{
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (_started.Add(value.Stage))
            {
                Console.WriteLine($"[{value.Stage}] started");
            }
            else if (value.Fraction >= 1 && _done.Add(value.Stage))
            {
                Console.WriteLine($"[{value.Stage}] done");
            }
        }
    }
}
