using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>`recsys run PIPELINE [--as-of DATE] [--source FORMAT:PATH]... [--warehouse LOCATION] [--horizon-days N] [--set stage.option=value]...`.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file, e.g. pipelines/nightly.pipeline.json." };
        var asOf = new Option<string?>("--as-of") { Description = "Snapshot date YYYY-MM-DD (UTC); default: the day after the newest input event." };
        var sources = SourcesOption();
        var warehouse = WarehouseOption();
        var horizon = HorizonOption();
        var settings = SetOption();
        var command = new Command("run", "Run a pipeline now, in this process, and publish its snapshot.") { pipeline, asOf, sources, warehouse, horizon, settings };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var request = new RunRequest(parse.GetValue(pipeline)!)
            {
                AsOf = ParseDate(parse.GetValue(asOf)),
                Sources = [.. (parse.GetValue(sources) ?? []).Select(SourceSpec.Parse)],
                Warehouse = parse.GetValue(warehouse),
                Overrides = Overrides(parse.GetValue(horizon), parse.GetValue(settings)),
            };
            await using var services = CliServices.Build();
            AsOfLimit.Check(request.AsOf, services.GetRequiredService<TimeProvider>());
            var runner = services.GetRequiredService<PipelineRunner>();
            var result = await RunWithProgressAsync(runner, request, cancellationToken);
            RunSummaryView.Write(result);
            return result.Status == RunStatus.Succeeded
                ? ExitCodes.Success
                : CommandErrors.Fail(result.Error ?? "the run failed", ExitCodes.RunFailed);
        }));
        return command;
    }

    /// <summary>--source, shared with `recsys backfill`.</summary>
    internal static Option<string[]> SourcesOption() =>
        new("--source") { Description = "FORMAT:PATH (canonical, taobao, retailrocket, movielens, cdnow, online-retail); repeatable; replaces the pipeline's sources.", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>--horizon-days, shared with `recsys backfill`.</summary>
    internal static Option<int?> HorizonOption() =>
        new("--horizon-days") { Description = "Replaces the pipeline file's horizonDays (1..365) for this run." };

    /// <summary>--set, shared with `recsys backfill`.</summary>
    internal static Option<string[]> SetOption() =>
        new("--set") { Description = "stage.option=value (JSON value, else a string), e.g. rank.topN=5; repeatable; checked against the pipeline schema.", Arity = ArgumentArity.ZeroOrMore };

    internal static PipelineOverrides Overrides(int? horizonDays, string[]? settings) => new()
    {
        HorizonDays = horizonDays,
        Settings = [.. (settings ?? []).Select(PipelineOverrides.ParseSetting)],
    };

    /// <summary>--warehouse, shared with `recsys backfill`.</summary>
    internal static Option<string?> WarehouseOption() =>
        new("--warehouse") { Description = "duckdb:PATH or postgres:CONNSTRING; default: Recsys:Warehouse of appsettings.json." };

    /// <summary>Runs the request in this process (under the run lease the composition registers, see <see cref="SharedRunLease"/>), with progress.</summary>
    internal static async Task<RunResult> RunWithProgressAsync(PipelineRunner runner, RunRequest request, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            using var plain = new PlainStageProgress(Console.Out, TimeProvider.System, PlainStageProgress.IntervalFromEnvironment(), PlainStageProgress.ProcessPeakMemory);
            return await runner.RunAsync(request, plain, cancellationToken);
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(ctx => runner.RunAsync(request, new SpectreStageProgress(ctx), cancellationToken));
    }

    internal static DateOnly? ParseDate(string? text, string option = "--as-of")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return SnapshotDates.TryParse(text, out var date)
            ? date
            : throw new RecsysException($"{option} '{text}' is not a date YYYY-MM-DD.");
    }
}
