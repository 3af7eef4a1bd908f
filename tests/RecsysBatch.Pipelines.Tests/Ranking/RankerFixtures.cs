using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>Small contracts and random ranker rows for the ranking tests.</summary>
internal static class RankerFixtures
{
    /// <summary>A contract with tiny dimensions, so exhaustive gradient checks stay fast.</summary>
    public static RankerContract SmallContract() => RankerContract.Parse(Json(userFeatures: 3, itemFeatures: 2, rank: 4, sequence: 5, categories: 11));

    public static string Json(int userFeatures, int itemFeatures, int rank, int sequence, int categories, string maskType = "float", string batch = "\"batch\"") => $$"""
        {
          "encoding": { "categoryBuckets": {{categories}}, "eventTypeBuckets": 7 },
          "inputs": [
            { "name": "user_features", "type": "float", "shape": [{{batch}}, {{userFeatures}}] },
            { "name": "item_features", "type": "float", "shape": [{{batch}}, {{itemFeatures}}] },
            { "name": "user_factors", "type": "float", "shape": [{{batch}}, {{rank}}] },
            { "name": "item_factors", "type": "float", "shape": [{{batch}}, {{rank}}] },
            { "name": "item_category", "type": "int64", "shape": [{{batch}}, 1] },
            { "name": "behavior_categories", "type": "int64", "shape": [{{batch}}, {{sequence}}] },
            { "name": "behavior_event_types", "type": "int64", "shape": [{{batch}}, {{sequence}}] },
            { "name": "behavior_mask", "type": "{{maskType}}", "shape": [{{batch}}, {{sequence}}] }
          ],
          "outputs": [ { "name": "probability", "type": "float", "shape": [{{batch}}, 1] } ]
        }
        """;

    /// <summary>Random rows in the contract layout (see <see cref="RankerRandomBatch"/>).</summary>
    public static RankerBatch RandomBatch(RankerContract contract, int rows, int seed) => RankerRandomBatch.Create(contract, rows, seed);

    /// <summary>A tiny reference network (embedding 3, hidden 6 and 4) with its biases and output layer moved off their init.</summary>
    public static RankerModel SmallModel(RankerContract contract)
    {
        var a = new RankerArchitecture(contract, 3, 6, 4);
        var p = RankerInitializer.Initialize<float>(a, 3);
        for (var i = a.B1At; i < a.ParameterCount; i++)
        {
            p[i] += 0.05f * (i % 5);
        }

        return new RankerModel(a, p);
    }

    public static float[] RandomLabels(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ => random.Next(2) == 0 ? 0f : 1f)];
    }
}
