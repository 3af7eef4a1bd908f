using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecsysBatch.Core;
using RecsysBatch.Core.Options;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Reports;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys report [--run RUN_ID] [--pipeline NAME] [--warehouse LOCATION] [--out PATH]`: (re)writes a run's
/// report.html from the warehouse, the same page the run wrote at its end.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Run id (job_runs.run_id); default: the newest succeeded run of the warehouse (of --pipeline when given)." };
        var pipeline = new Option<string?>("--pipeline") { Description = "Without --run: the newest succeeded run of this pipeline." };
        var warehouse = RunCommand.WarehouseOption();
        var output = new Option<string?>("--out") { Description = "Where to write the HTML; default: ARTIFACTS/RUN_ID/report.html (Recsys:ArtifactsPath)." };
        var command = new Command("report", "Write a run's report.html (charts of its data, models, calibration, value, influence, drift, warnings) from the warehouse.")
        {
            run, pipeline, warehouse, output,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            await using var services = CliServices.Build();
            var options = services.GetRequiredService<IOptions<RecsysOptions>>().Value;
            var location = parse.GetValue(warehouse) ?? options.Warehouse;
            var opened = services.GetRequiredService<WarehouseLocator>().Open(location);
            var runId = parse.GetValue(run);
            var pipelineName = parse.GetValue(pipeline);
            if (runId is not null && pipelineName is not null)
            {
                throw new RecsysException("--run and --pipeline: give one (--pipeline picks the newest succeeded run of that pipeline).");
            }

            runId ??= await RunReport.NewestSucceededRunAsync(opened, pipelineName, cancellationToken)
                ?? throw new RecsysException($"Warehouse {opened.Description}: no succeeded run{(pipelineName is null ? "" : $" of pipeline '{pipelineName}'")} to report.");
            var path = parse.GetValue(output) ?? Path.Combine(options.ArtifactsPath, runId, RunReport.FileName);
            var clock = Stopwatch.StartNew();
            RunReportPage page;
            try
            {
                page = await RunReport.WriteAsync(opened, runId, path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CommandErrors.Fail($"{path}: cannot write the report: {ex.Message}", ExitCodes.RunFailed);
            }

            Console.WriteLine($"{Path.GetFullPath(path)}: report of run {runId} ({page.Run.Pipeline} {page.Run.SnapshotDate:yyyy-MM-dd}, {page.Run.Status}), {page.FigureIds.Count} charts, {clock.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Success;
        }));
        return command;
    }
}
