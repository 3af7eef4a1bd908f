using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Cli.Tests;

/// <summary>A test stage that needs categories, to show the runner skipping a stage that cannot apply.</summary>
internal sealed class CategoryOnlyStage : IPipelineStage
{
    public static readonly TableSchema Table = new("test_category_counts",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date),
        new(TableSchema.RunIdColumn, ColumnType.String),
        new("categories", ColumnType.Int32),
    ]);

    public string Name => "category_only";

    public IReadOnlyList<TableSchema> OutputTables => [Table];

    public string? CannotApplyReason(StageContext context) =>
        context.Data.RequireEvents().HasCategories ? null : "the source has no categories";

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        context.Data.AddOutput(new OutputTable(Table, [new OutputColumn<int>([context.Data.RequireEvents().Categories.Count])]));
        return Task.CompletedTask;
    }
}
