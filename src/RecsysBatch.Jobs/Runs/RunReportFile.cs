using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Reports;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Writes ArtifactsPath/RUN_ID/report.html at the end of a run (after publish, or after its failure is recorded),
/// from the warehouse like `recsys report` does. A report that cannot be written is a warning in the log, never a
/// failed run.
/// </summary>
internal static class RunReportFile
{
    public static async Task TryWriteAsync(IWarehouse warehouse, string runId, string runDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var path = Path.Combine(runDirectory, RunReport.FileName);
        var clock = Stopwatch.StartNew();
        try
        {
            var page = await RunReport.WriteAsync(warehouse, runId, path, cancellationToken);
            RunnerLog.ReportWritten(logger, runId, path, page.FigureIds.Count, clock.Elapsed.TotalSeconds);
        }
#pragma warning disable CA1031 // The report is an extra: whatever goes wrong there (a bug included) must not fail a published run,
        // and a cancellation here comes after publish: the run has succeeded.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RunnerLog.ReportFailed(logger, ex, runId, path, FailureText.OneLine($"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
