using RecsysBatch.Core.Stages;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// One progress bar per stage on an interactive terminal. A stage's bar is stopped when the stage reports its end, so
/// its elapsed time stays at the stage's duration instead of counting on until the whole run is over.
/// </summary>
internal sealed class SpectreStageProgress(Func<string, ProgressTask> addTask) : IProgress<StageProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SpectreStageProgress(ProgressContext context)
        : this(stage => context.AddTask(stage, maxValue: 1.0))
    {
    }

    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(value.Stage, out var task))
            {
                task = addTask(value.Stage);
                _tasks.Add(value.Stage, task);
            }

            if (task.IsFinished)
            {
                return;
            }

            task.Value = value.Fraction;
            if (value.Detail is not null)
            {
                task.Description = $"{value.Stage}: {Markup.Escape(value.Detail)}";
            }

            if (value.Fraction >= 1)
            {
                task.Description = value.Stage;
                task.StopTask();
            }
        }
    }
}
