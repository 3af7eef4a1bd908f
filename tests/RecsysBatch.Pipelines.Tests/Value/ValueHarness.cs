using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>Runs the real value stage on a table as the runner would (CannotApplyReason, then RunAsync).</summary>
internal static class ValueHarness
{
    public static StageContext Context(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 14)
    {
        var stage = new StageDefinition(ValueStage.StageName, options is null ? default : JsonDocument.Parse(options).RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = Path.Combine(artifactsDirectory, "test.pipeline.json"),
            HorizonDays = horizonDays,
            Sources = [],
            Stages = [stage],
        };
        return new StageContext("run-1", pipeline, snapshot, 42, artifactsDirectory, new RunData { Events = events }) { Stage = stage };
    }

    public static string? CannotApply(EventTable events, DateOnly snapshot, string folder, string? options = null, int horizonDays = 14) =>
        new ValueStage(NullLogger<ValueStage>.Instance).CannotApplyReason(Context(events, snapshot, folder, options, horizonDays));

    public static StageContext Run(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 14)
    {
        var context = Context(events, snapshot, artifactsDirectory, options, horizonDays);
        var stage = new ValueStage(NullLogger<ValueStage>.Instance);
        Assert.IsNull(stage.CannotApplyReason(context));
        stage.RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return context;
    }

    public static OutputTable Scores(StageContext context)
    {
        Assert.IsTrue(context.Data.TryGetOutput(ValueTables.UserValueScores.Name, out var table));
        return table;
    }

    public static T[] Column<T>(OutputTable table, string name)
    {
        var index = table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name);
        Assert.IsGreaterThanOrEqualTo(0, index, name);
        return ((OutputColumn<T>)table.Columns[index]).Values;
    }

    public static double Metric(StageContext context, string model, string metric) =>
        context.Data.Metrics.Single(m => m.Stage == ValueStage.StageName && m.Model == model && m.Metric == metric).Value;
}
