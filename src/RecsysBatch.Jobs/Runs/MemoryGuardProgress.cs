using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// A stage's progress while a <see cref="MemoryWatchdog"/> watches it: each report (stages report every few percent
/// of their long loops) first samples the working set and fails the stage when the watchdog has tripped, so a stage that does not watch its
/// cancellation token still stops within a few percent of its work; then passes the report on.
/// </summary>
internal sealed class MemoryGuardProgress(IProgress<StageProgress>? inner, MemoryWatchdog watchdog) : IProgress<StageProgress>
{
    /// <summary>What the stage reported to before the guard (restored when the stage ends).</summary>
    public IProgress<StageProgress>? Inner => inner;

    public void Report(StageProgress value)
    {
        watchdog.Check();
        watchdog.ThrowIfExceeded();
        inner?.Report(value);
    }
}
