using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Pipelines.Definitions;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys backfill PIPELINE --from DATE --to DATE [--warehouse LOCATION] [--source FORMAT:PATH]...`: rebuilds past
/// snapshots in this process, one `recsys run` per date, oldest first (a snapshot may read what the previous one
/// published). A failed date does not stop the others; the exit code says whether any failed.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file, e.g. pipelines/nightly.pipeline.json." };
        var from = new Option<string>("--from") { Description = "First snapshot date YYYY-MM-DD (UTC), inclusive.", Required = true };
        var to = new Option<string>("--to") { Description = "Last snapshot date YYYY-MM-DD (UTC), inclusive.", Required = true };
        var sources = RunCommand.SourcesOption();
        var warehouse = RunCommand.WarehouseOption();
        var horizon = RunCommand.HorizonOption();
        var settings = RunCommand.SetOption();
        var command = new Command("backfill", "Run a pipeline once per snapshot date of a range, oldest first, in this process.") { pipeline, from, to, sources, warehouse, horizon, settings };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var dates = Range(Date(parse.GetValue(from), "--from"), Date(parse.GetValue(to), "--to"));
            var path = parse.GetValue(pipeline)!;
            var specs = (parse.GetValue(sources) ?? []).Select(SourceSpec.Parse).ToList();
            await using var services = CliServices.Build();
            // A range reaching into the future is a bad argument: refused before any date runs.
            AsOfLimit.Check(dates[^1], services.GetRequiredService<TimeProvider>(), "--to");
            var overrides = RunCommand.Overrides(parse.GetValue(horizon), parse.GetValue(settings));
            services.GetRequiredService<PipelineFileLoader>().Load(path, overrides);
            var runner = services.GetRequiredService<PipelineRunner>();

            var outcomes = new List<(DateOnly Date, string Status, string RunId, TimeSpan Duration, string? Error)>();
            foreach (var date in dates)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    var request = new RunRequest(path) { AsOf = date, Sources = specs, Warehouse = parse.GetValue(warehouse), Overrides = overrides };
                    var result = await RunCommand.RunWithProgressAsync(runner, request, cancellationToken);
                    outcomes.Add((date, result.Status, result.RunId, result.Duration, result.Error));
                }
                catch (RecsysException ex)
                {
                    // Nothing ran for this date (e.g. the warehouse could not be opened); the next date still gets its try.
                    outcomes.Add((date, "not started", "-", clock.Elapsed, ex.Message));
                }

                var last = outcomes[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot {date:yyyy-MM-dd}: {last.Status} in {last.Duration.TotalSeconds:F1} s (run {last.RunId}){(last.Error is null ? "" : ": " + last.Error.ReplaceLineEndings(" "))}"));
            }

            var table = new Table().Title("backfill").AddColumns("snapshot", "status", "run id", "seconds");
            foreach (var (date, status, runId, duration, _) in outcomes)
            {
                table.AddRow(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), status, runId, duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            var failed = outcomes.Count(o => o.Status != RunStatus.Succeeded);
            return failed == 0
                ? ExitCodes.Success
                : CommandErrors.Fail(string.Create(CultureInfo.InvariantCulture, $"{failed} of {outcomes.Count} snapshot(s) failed: {string.Join(", ", outcomes.Where(o => o.Status != RunStatus.Succeeded).Select(o => o.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}"), ExitCodes.RunFailed);
        }));
        return command;
    }

    private static DateOnly Date(string? text, string option) =>
        RunCommand.ParseDate(text, option) ?? throw new RecsysException($"{option} is required (YYYY-MM-DD).");

    /// <summary>The dates from..to inclusive; a <see cref="RecsysException"/> (exit 2) when the range is empty or too long.</summary>
    internal static IReadOnlyList<DateOnly> Range(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new RecsysException($"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}.");
        }

        var days = SnapshotDates.DaysBetween(from, to);
        if (days > SnapshotDates.MaxBackfillDays)
        {
            throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"--from {from:yyyy-MM-dd} --to {to:yyyy-MM-dd} spans {days} days; a backfill covers at most {SnapshotDates.MaxBackfillDays}."));
        }

        return [.. Enumerable.Range(0, days).Select(from.AddDays)];
    }
}
