using RecsysBatch.Core.Stages;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>One progress bar per stage on an interactive terminal.</summary>
internal sealed class SpectreStageProgress(ProgressContext context) : IProgress<StageProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(value.Stage, out var task))
            {
                task = context.AddTask(value.Stage, maxValue: 1.0);
                _tasks.Add(value.Stage, task);
            }

            task.Value = value.Fraction;
            if (value.Detail is not null)
            {
                task.Description = $"{value.Stage}: {Markup.Escape(value.Detail)}";
            }
        }
    }
}
