using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>The execution of one stage, the same in every run: its log scope, skip note, progress, faults and report.</summary>
public sealed partial class PipelineRunner
{
    /// <summary>
    /// Runs <paramref name="stage"/> (or only its preparation) over <paramref name="context"/> and adds its report:
    /// skipped with a note when it does not apply, failed (and rethrown) when it throws, else ran, with its duration.
    /// </summary>
    private async Task ExecuteStageAsync(StageContext context, StageDefinition definition, IPipelineStage stage, List<StageReport> reports, CancellationToken cancellationToken, bool prepareOnly = false)
    {
        using var stageScope = logger.BeginScope("stage {Stage}", stage.Name);
        context.Stage = definition;
        var watch = Stopwatch.StartNew();
        var reason = stage.CannotApplyReason(context);
        if (reason is not null)
        {
            RunnerLog.StageSkipped(logger, stage.Name, reason);
            context.Data.Notes.Add($"{stage.Name} skipped: {reason}");
            reports.Add(new StageReport(stage.Name, StageReport.Skipped, watch.Elapsed, reason));
            return;
        }

        try
        {
            context.ReportProgress(0);
            await faults.BeforeStageAsync(context, stage.Name, cancellationToken);
            if (prepareOnly)
            {
                await ((IShardedStage)stage).PrepareAsync(context, cancellationToken);
            }
            else
            {
                await stage.RunAsync(context, cancellationToken);
            }

            context.ReportProgress(1);
        }
        catch
        {
            reports.Add(new StageReport(stage.Name, StageReport.Failed, watch.Elapsed));
            throw;
        }

        RunnerLog.StageFinished(logger, stage.Name, watch.Elapsed.TotalSeconds);
        reports.Add(new StageReport(stage.Name, StageReport.Ran, watch.Elapsed));
    }
}
