using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>Runs the real factorize stage on a table as the runner would (default snapshot 2024-03-01, horizon 7 days).</summary>
internal static class FactorizeHarness
{
    public static StageContext RunFactorize(EventTable events, string optionsJson = "{}", int seed = 42, DateOnly? snapshot = null)
    {
        using var document = JsonDocument.Parse(optionsJson);
        var stage = new StageDefinition(FactorizeStage.StageName, document.RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = "test.pipeline.json",
            HorizonDays = 7,
            Sources = [],
            Stages = [stage],
        };
        var data = new RunData { Events = events };
        var context = new StageContext("run-1", pipeline, snapshot ?? EventTableBuilder.Snapshot, seed, Path.GetTempPath(), data) { Stage = stage };
        var factorize = new FactorizeStage(NullLogger<FactorizeStage>.Instance);
        Assert.IsNull(factorize.CannotApplyReason(context));
        factorize.RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return context;
    }

    public static double Metric(StageContext context, string model, string metric) =>
        context.Data.Metrics.Single(m => m.Model == model && m.Metric == metric).Value;
}
