using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Fills contract rows for (user, item) pairs as of one cutoff: the features and behaviour sequences of the events
/// before it, and the factors of a model trained on them (zeros for a user or item the model has no row for).
/// </summary>
internal sealed class RankRowFiller
{
    private readonly RankFeatures _features;
    private readonly BehaviorSequences _sequences;
    private readonly FactorModel _model;
    private readonly long[] _categoryIndex;

    public RankRowFiller(RankerContract contract, EventTable events, long cutoffMs, FactorModel model)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(model);
        if (contract.UserFeatureCount != RankFeatures.UserWidth || contract.ItemFeatureCount != RankFeatures.ItemWidth)
        {
            throw new RecsysException($"rank: the ranker contract asks for {contract.UserFeatureCount} user and {contract.ItemFeatureCount} item features; the stage computes {RankFeatures.UserWidth} and {RankFeatures.ItemWidth}.");
        }

        if (model.Rank != contract.FactorRank)
        {
            throw new RecsysException($"rank: the factorize model has rank {model.Rank}, the ranker contract's user_factors/item_factors need {contract.FactorRank} (set the factorize option rank to {contract.FactorRank}).");
        }

        _features = RankFeatures.Build(events, cutoffMs);
        _sequences = BehaviorSequences.Build(events, cutoffMs, contract.SequenceLength, contract.CategoryBuckets);
        _model = model;
        _categoryIndex = CategoryIndex.ForKeys(events.Categories, contract.CategoryBuckets);
    }

    public void Fill(RankerBatch batch, int row, int user, int item)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _features.User(user).CopyTo(batch.UserFeatures.AsSpan(row * batch.UserFeatureCount, batch.UserFeatureCount));
        _features.Item(item).CopyTo(batch.ItemFeatures.AsSpan(row * batch.ItemFeatureCount, batch.ItemFeatureCount));
        var rank = batch.FactorRank;
        var userFactors = batch.UserFactors.AsSpan(row * rank, rank);
        var itemFactors = batch.ItemFactors.AsSpan(row * rank, rank);
        if (_model.KnowsUser(user))
        {
            _model.UserRow(user)[..rank].CopyTo(userFactors);
        }
        else
        {
            userFactors.Clear();
        }

        if (_model.KnowsItem(item))
        {
            _model.ItemRow(item)[..rank].CopyTo(itemFactors);
        }
        else
        {
            itemFactors.Clear();
        }

        var category = _features.ItemCategory[item];
        batch.ItemCategory[row] = category == EventTable.NoKey ? 0 : _categoryIndex[category];
        _sequences.CopyTo(user, batch, row);
    }
}
