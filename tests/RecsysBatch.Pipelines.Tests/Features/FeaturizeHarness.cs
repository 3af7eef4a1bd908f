using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Tests.Features;

/// <summary>Runs the real featurize stage on a table, as the runner would, and reads its output cells.</summary>
internal static class FeaturizeHarness
{
    public static StageContext Run(EventTable events, string artifactsDirectory, int seed = 42)
    {
        var stage = new StageDefinition(FeaturizeStage.StageName, default);
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = Path.Combine(artifactsDirectory, "test.pipeline.json"),
            Sources = [],
            Stages = [stage],
        };
        var data = new RunData { Events = events };
        var context = new StageContext("run-1", pipeline, EventTableBuilder.Snapshot, seed, artifactsDirectory, data) { Stage = stage };
        var featurize = new FeaturizeStage(NullLogger<FeaturizeStage>.Instance);
        Assert.IsNull(featurize.CannotApplyReason(context));
        featurize.RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return context;
    }

    /// <summary>The user feature columns the stage builds from the context's events, as the frame it fits its transform on.</summary>
    public static FeatureColumnSet UserSet(StageContext context)
    {
        var events = context.Data.RequireEvents();
        return UserFeatureTable.Build(events, context.CutoffMs, UserAggregates.Compute(events, context.CutoffMs), UserWindowDistinct.Compute(events, context.CutoffMs));
    }

    /// <summary>The item feature columns the stage builds from the context's events.</summary>
    public static FeatureColumnSet ItemSet(StageContext context)
    {
        var events = context.Data.RequireEvents();
        var distinct = UserWindowDistinct.Compute(events, context.CutoffMs);
        return ItemFeatureTable.Build(events, context.CutoffMs, ItemAggregates.Compute(events, context.CutoffMs), distinct.DistinctUsersPerItem);
    }

    public static OutputTable Output(StageContext context, TableSchema schema)
    {
        Assert.IsTrue(context.Data.TryGetOutput(schema.Name, out var table), $"{schema.Name} was not produced");
        return table;
    }

    public static object? Cell(OutputTable table, string column, int row)
    {
        var columns = table.Schema.DataColumns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == column)
            {
                return table.Columns[i].GetValue(row);
            }
        }

        throw new AssertFailedException($"{table.Name} has no column {column}");
    }

    /// <summary>The row whose first column (the original id) is <paramref name="id"/>.</summary>
    public static int RowOf(OutputTable table, string id)
    {
        for (var row = 0; row < table.RowCount; row++)
        {
            if ((string?)table.Columns[0].GetValue(row) == id)
            {
                return row;
            }
        }

        throw new AssertFailedException($"{table.Name} has no row {id}");
    }

    /// <summary>Every cell of the table as text, row by row, for whole-table comparisons.</summary>
    public static List<string> Dump(OutputTable table)
    {
        var lines = new List<string>();
        var columns = table.Schema.DataColumns;
        for (var row = 0; row < table.RowCount; row++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var value = table.Columns[c].GetValue(row);
                var text = value switch
                {
                    null => "NULL",
                    double d => d.ToString("R"),
                    DateTime t => t.ToString("O"),
                    _ => value.ToString(),
                };
                lines.Add($"{row}.{columns[c].Name}={text}");
            }
        }

        return lines;
    }
}
