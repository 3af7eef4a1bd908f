using System.Globalization;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>
/// The run report: one self-contained HTML file per run (charts as embedded SVG, no script, no network) built from
/// the warehouse alone, so the end of a run and `recsys report` write the same page from the same rows. Sections:
/// run, data (events by type and day, rejected lines by reason), behaviour funnel, models against their baselines on
/// the hold-out, calibration, value (lift by decile, tiers, P(alive) against recency), influence (forest plot),
/// interest drift, quality warnings. A section whose stage did not run says so in one line.
/// </summary>
public static class RunReport
{
    /// <summary>The report's file name in the run's artefact folder (ArtifactsPath/RUN_ID/report.html).</summary>
    public const string FileName = "report.html";

    /// <summary>Builds the page of <paramref name="runId"/>; an unknown run is a <see cref="Core.RecsysException"/>.</summary>
    public static async Task<RunReportPage> BuildAsync(IWarehouse warehouse, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var source = new ReportSource(warehouse, runId);
        var run = await source.RunAsync(cancellationToken);
        var metrics = await MetricsSection.LoadAsync(source, cancellationToken);
        var document = new ReportDocument();
        RunSection.Add(document, run, warehouse.Description);
        await DataSection.AddAsync(document, source, run, cancellationToken);
        await FunnelSection.AddAsync(document, source, cancellationToken);
        MetricsSection.AddModels(document, metrics);
        MetricsSection.AddCalibration(document, metrics);
        await ValueSection.AddAsync(document, source, metrics, cancellationToken);
        await InfluenceSection.AddAsync(document, source, cancellationToken);
        await InterestSection.AddAsync(document, source, cancellationToken);
        WarningsSection.Add(document, run);
        var html = document.Render(
            string.Create(CultureInfo.InvariantCulture, $"Run report: {run.Pipeline} {run.SnapshotDate:yyyy-MM-dd}"),
            string.Create(CultureInfo.InvariantCulture, $"run {run.RunId}, {run.Status}; RecsysBatch {run.AppVersion}; built from {warehouse.Description}"));
        return new RunReportPage(run, html, document.FigureIds);
    }

    /// <summary>Builds the page and writes it to <paramref name="path"/> (through a temporary file, so a reader never sees half a page).</summary>
    public static async Task<RunReportPage> WriteAsync(IWarehouse warehouse, string runId, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var page = await BuildAsync(warehouse, runId, cancellationToken);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, page.Html, cancellationToken);
        File.Move(temporary, full, overwrite: true);
        return page;
    }

    /// <summary>The newest succeeded run of the warehouse (of <paramref name="pipeline"/> when given); null when there is none.</summary>
    public static Task<string?> NewestSucceededRunAsync(IWarehouse warehouse, string? pipeline, CancellationToken cancellationToken) =>
        ReportSource.NewestSucceededAsync(warehouse, pipeline, cancellationToken);
}
