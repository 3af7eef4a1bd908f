using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>Runs the real factorize stage on a table as the runner would (default snapshot 2024-03-01, horizon 7 days).</summary>
internal static class FactorizeHarness
{
    public static StageContext RunFactorize(EventTable events, string optionsJson = "{}", int seed = 42, DateOnly? snapshot = null) =>
        StageHarness.Run(
            new FactorizeStage(NullLogger<FactorizeStage>.Instance),
            StageHarness.Context(FactorizeStage.StageName, events, snapshot ?? EventTableBuilder.Snapshot, Path.GetTempPath(), optionsJson, horizonDays: 7, seed));

    public static double Metric(StageContext context, string model, string metric) =>
        StageHarness.Metric(context, FactorizeStage.StageName, model, metric);
}
