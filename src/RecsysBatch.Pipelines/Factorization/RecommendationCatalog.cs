namespace RecsysBatch.Pipelines.Factorization;

/// <summary>The catalog reached by <c>mlContext.Recommendation()</c>, as with ML.NET's recommender package.</summary>
public sealed class RecommendationCatalog
{
    public RecommendationTrainers Trainers { get; } = new();
}
