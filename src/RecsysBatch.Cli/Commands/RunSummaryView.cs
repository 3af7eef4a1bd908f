using RecsysBatch.Jobs.Runs;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>The summary printed after a run: rows in, rows rejected, tables written, time per stage.</summary>
internal static class RunSummaryView
{
    public static void Write(RunResult result)
    {
        var stages = new Table().Title("stages").AddColumns("stage", "outcome", "seconds", "note");
        foreach (var stage in result.Stages)
        {
            stages.AddRow(stage.Stage, stage.Outcome, stage.Duration.TotalSeconds.ToString("F2"), Markup.Escape(stage.Note ?? ""));
        }

        var tables = new Table().Title("tables written").AddColumns("table", "rows");
        foreach (var (table, rows) in result.TablesWritten.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tables.AddRow(table, rows.ToString("N0"));
        }

        AnsiConsole.Write(stages);
        if (result.TablesWritten.Count > 0)
        {
            AnsiConsole.Write(tables);
        }

        foreach (var note in result.Notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }

        AnsiConsole.MarkupLine(
            $"run [bold]{result.RunId}[/] of [bold]{Markup.Escape(result.Pipeline)}[/], snapshot {result.SnapshotDate?.ToString("yyyy-MM-dd") ?? "-"}: " +
            $"[bold]{result.Status}[/] in {result.Duration.TotalSeconds:F1} s; rows in {result.InputRows:N0}, rejected {result.RejectedRows:N0}, duplicates dropped {result.DuplicatesDropped:N0}, " +
            $"events {result.Events:N0} (+{result.AfterSnapshot:N0} at/after the snapshot, not used); warehouse {Markup.Escape(result.Warehouse)}");
    }
}
