using Spectre.Console;

namespace RecsysBatch.Cli;

/// <summary>
/// How the CLI lays out its output. Spectre.Console assumes 80 columns when stdout is not a terminal and wraps
/// tables, notes and the run's summary line mid-phrase in a nightly job's log file; redirected, it gets a width
/// no line reaches, so every row and note stays on one line (a terminal keeps its own width).
/// </summary>
internal static class ConsoleSetup
{
    /// <summary>Columns Spectre lays out to when stdout is redirected (a file, a pipe, a test harness).</summary>
    public const int RedirectedWidth = 10_000;

    public static void Apply()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }
    }
}
