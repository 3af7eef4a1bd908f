using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Definitions;
using RecsysBatch.Pipelines.Features;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines;

/// <summary>Composition of the pipeline stages: each stage registers as one <see cref="IPipelineStage"/>.</summary>
public static class PipelinesServiceCollectionExtensions
{
    public static IServiceCollection AddRecsysPipelines(this IServiceCollection services)
    {
        services.AddSingleton<IPipelineStage, IngestStage>();
        services.AddSingleton<IPipelineStage, FeaturizeStage>();
        services.AddSingleton<IPipelineStage, Factorization.FactorizeStage>();
        services.AddSingleton<IPipelineStage, Ranking.RankStage>();
        services.AddSingleton<IPipelineStage, Interest.InterestStage>();
        services.AddSingleton<IPipelineStage, Value.ValueStage>();
        services.AddSingleton<IPipelineStage, Influence.InfluenceStage>();
        services.AddSingleton(sp => new PipelineFileLoader(sp.GetServices<IPipelineStage>()));
        return services;
    }
}
