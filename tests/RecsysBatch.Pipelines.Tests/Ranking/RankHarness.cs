using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>Runs factorize then rank on one context, as the nightly pipeline does (horizon 7 days).</summary>
internal static class RankHarness
{
    public static StageContext FactorizeThenRank(
        EventTable events, DateOnly snapshot, string artifacts, string rankOptions, ILogger<RankStage>? logger = null, string? pipelineFile = null)
    {
        var factorize = new StageDefinition(FactorizeStage.StageName, default);
        var rank = new StageDefinition(RankStage.StageName, JsonDocument.Parse(rankOptions).RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = pipelineFile ?? Path.Combine(artifacts, "test.pipeline.json"),
            HorizonDays = 7,
            Sources = [],
            Stages = [factorize, rank],
        };
        var context = new StageContext("run-1", pipeline, snapshot, 42, artifacts, new RunData { Events = events }) { Stage = factorize };
        StageHarness.Run(new FactorizeStage(NullLogger<FactorizeStage>.Instance), context);
        context.Stage = rank;
        return StageHarness.Run(new RankStage(logger ?? NullLogger<RankStage>.Instance), context);
    }
}
