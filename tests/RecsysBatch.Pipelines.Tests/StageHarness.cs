using System.Text.Json;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests;

/// <summary>Runs a real stage on an event table as the runner would: CannotApplyReason must be null, then RunAsync.</summary>
internal static class StageHarness
{
    /// <summary>A one-stage pipeline context over <paramref name="events"/>, with the stage's options as JSON text.</summary>
    public static StageContext Context(string stageName, EventTable events, DateOnly snapshot, string artifactsDirectory, string? options, int horizonDays, int seed = 42)
    {
        var stage = new StageDefinition(stageName, options is null ? default : JsonDocument.Parse(options).RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = Path.Combine(artifactsDirectory, "test.pipeline.json"),
            HorizonDays = horizonDays,
            Sources = [],
            Stages = [stage],
        };
        return new StageContext("run-1", pipeline, snapshot, seed, artifactsDirectory, new RunData { Events = events }) { Stage = stage };
    }

    public static StageContext Run(IPipelineStage stage, StageContext context)
    {
        Assert.IsNull(stage.CannotApplyReason(context));
        stage.RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return context;
    }

    /// <summary>The single model_metrics value of (stage, model, metric).</summary>
    public static double Metric(StageContext context, string stage, string model, string metric) =>
        context.Data.Metrics.Single(m => m.Stage == stage && m.Model == model && m.Metric == metric).Value;
}
