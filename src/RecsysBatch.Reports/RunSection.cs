using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>The run's job_runs row: status, times, how every input line was accounted for, and the error of a failed run.</summary>
internal static class RunSection
{
    public static void Add(ReportDocument document, JobRun run, string warehouse)
    {
        document.Section("run", "Run");
        if (run.Error is not null)
        {
            document.Paragraph("The run failed: " + run.Error);
        }

        document.Table(["what", "value"],
        [
            ["run id", run.RunId],
            ["pipeline", run.Pipeline],
            ["snapshot date", run.SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
            ["status", run.Status],
            ["started", ReportFormat.Time(run.StartedAt)],
            ["finished", ReportFormat.Time(run.FinishedAt)],
            ["input lines", ReportFormat.Count(run.InputRows)],
            ["events kept (before the snapshot)", ReportFormat.Count(run.Events)],
            ["rejected lines", ReportFormat.Count(run.RejectedRows)],
            ["exact duplicates dropped", ReportFormat.Count(run.DuplicatesDropped)],
            ["valid events at or after the snapshot", ReportFormat.Count(run.AfterSnapshot)],
            ["warehouse", warehouse],
            ["version", run.AppVersion],
        ]);
        document.EndSection();
    }
}
