using Microsoft.ML;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Makes the trainer reachable the way ML.NET's recommender trainers are.</summary>
public static class RecommendationMLContextExtensions
{
    public static RecommendationCatalog Recommendation(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new RecommendationCatalog();
    }
}
