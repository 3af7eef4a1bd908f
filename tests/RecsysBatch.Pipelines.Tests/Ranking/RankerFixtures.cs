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

    /// <summary>Random rows: Gaussian-ish features and factors, random categories, sequences of random length (some empty) padded with 0.</summary>
    public static RankerBatch RandomBatch(RankerContract contract, int rows, int seed)
    {
        var random = new Random(seed);
        var batch = new RankerBatch(contract, rows) { Count = rows };
        Fill(batch.UserFeatures, random, 1.5f);
        Fill(batch.ItemFeatures, random, 1.5f);
        Fill(batch.UserFactors, random, 0.7f);
        Fill(batch.ItemFactors, random, 0.7f);
        var length = batch.SequenceLength;
        for (var r = 0; r < rows; r++)
        {
            batch.ItemCategory[r] = random.Next(contract.CategoryBuckets);
            var used = r % 7 == 3 ? 0 : random.Next(1, length + 1);
            for (var l = 0; l < used; l++)
            {
                batch.BehaviorCategories[(r * length) + l] = random.Next(1, contract.CategoryBuckets);
                batch.BehaviorEventTypes[(r * length) + l] = random.Next(1, contract.EventTypeBuckets);
                batch.BehaviorMask[(r * length) + l] = 1f;
            }
        }

        return batch;
    }

    public static float[] RandomLabels(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ => random.Next(2) == 0 ? 0f : 1f)];
    }

    private static void Fill(float[] values, Random random, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }
    }
}
