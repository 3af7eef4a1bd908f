using System.Globalization;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// A publish's rows written as the progress of the step <see cref="PipelineRunner.PublishStep"/>: "TABLE: DONE / TOTAL
/// rows", the fraction below 1 until the transaction has committed (the runner reports 1 then).
/// </summary>
internal sealed class PublishReporter(IProgress<StageProgress> progress) : IProgress<PublishProgress>
{
    /// <summary>The highest fraction a publish reports before its commit.</summary>
    private const double BeforeCommit = 0.99;

    public void Report(PublishProgress value)
    {
        var share = value.TotalRows > 0 ? Math.Min(BeforeCommit, BeforeCommit * value.RowsWritten / value.TotalRows) : 0;
        var detail = value.Table.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"committing {value.RowsWritten:N0} rows")
            : string.Create(CultureInfo.InvariantCulture, $"{value.Table}: {value.RowsWritten:N0} / {value.TotalRows:N0} rows");
        progress.Report(new StageProgress(PipelineRunner.PublishStep, share, detail));
    }
}
