namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Random rows in the contract's layout, for checking a model's plumbing (ONNX export, scoring paths, throughput)
/// without a data set: features uniform in ±1.5, factors in ±0.7, random item categories, behaviour sequences of
/// random length padded with 0 (every seventh row empty). Every third row's item is in one of its own recent
/// categories and every eleventh row has an unknown item category beside an unknown-category event, so the category
/// match input sees matches and the unknown-category rule.
/// </summary>
internal static class RankerRandomBatch
{
    public static RankerBatch Create(RankerContract contract, int rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(contract);
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

            if (used > 0 && r % 3 == 0)
            {
                batch.ItemCategory[r] = batch.BehaviorCategories[(r * length) + random.Next(used)];
            }
            else if (used > 0 && r % 11 == 5)
            {
                batch.ItemCategory[r] = 0;
                batch.BehaviorCategories[r * length] = 0;
            }
        }

        return batch;
    }

    private static void Fill(float[] values, Random random, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }
    }
}
