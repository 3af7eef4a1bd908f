using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>Every quality warning of the run: the job_runs.notes lines (skipped stages, degenerate fits, undecided champions), and the error.</summary>
internal static class WarningsSection
{
    public static void Add(ReportDocument document, JobRun run)
    {
        document.Section("warnings", "Quality warnings");
        if (run.Error is not null)
        {
            document.List(["error: " + run.Error], "warnings");
        }

        var notes = (run.Notes ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (notes.Length == 0 && run.Error is null)
        {
            document.Paragraph("None: the run recorded no warnings.");
        }
        else if (notes.Length > 0)
        {
            document.Paragraph(ReportFormat.Invariant($"{notes.Length} notes of the run (job_runs.notes):"));
            document.List(notes, "warnings");
        }

        document.EndSection();
    }
}
