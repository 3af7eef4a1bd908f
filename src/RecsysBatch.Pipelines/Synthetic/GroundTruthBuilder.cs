using System.Globalization;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>Turns the planted world and the realised run into the <see cref="GroundTruth"/> record.</summary>
internal static class GroundTruthBuilder
{
    public const int TopItems = 10;
    public const int InterestEntries = 3;

    public static GroundTruth Build(SyntheticWorld world, SyntheticSimulator simulator, TruthTracker tracker, SyntheticSummary summary)
    {
        var options = world.Options;
        var users = new GroundTruthUser[world.Users.Count];
        for (var u = 0; u < users.Length; u++)
        {
            users[u] = User(world, simulator, tracker, u);
        }

        var items = new GroundTruthItem[world.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var category = world.Items.Category[i];
            items[i] = new GroundTruthItem(
                Id('i', i), Id('c', category), FunnelModel.SegmentName(FunnelModel.SegmentOf(category)),
                Round(world.Items.LatentOf(i)), R(world.Items.Popularity[i]), world.Items.PopularityRank[i]);
        }

        return new GroundTruth(Parameters(options), GroundTruthEffectsBuilder.Build(options, tracker), summary, users, items);
    }

    internal static string Id(char prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);

    private static GroundTruthUser User(SyntheticWorld world, SyntheticSimulator simulator, TruthTracker tracker, int u)
    {
        var planted = world.Users;
        var drifting = planted.Drifting(u);
        return new GroundTruthUser(
            Id('u', u), planted.StartDay[u], Round(planted.LatentOf(u)), Interest(world, u), drifting,
            drifting ? Id('c', planted.FromCategory(u)) : null,
            drifting ? Id('c', planted.ToCategory(u)) : null,
            drifting ? planted.DriftDay[u] : null,
            R(planted.Lambda[u]), R(planted.PDropout[u]),
            simulator.DropoutDay[u] >= 0 ? simulator.DropoutDay[u] : null,
            R(planted.Propensity[u]), R(planted.Nu[u]), R(world.Options.SpendShapeP / planted.Nu[u]),
            TopItemsOf(world, u), tracker.Events[u], tracker.Purchases[u], tracker.SpendCents[u] / 100.0);
    }

    private static List<CategoryWeight> Interest(SyntheticWorld world, int u)
    {
        var weights = new double[world.Options.Categories];
        for (var c = 0; c < weights.Length; c++)
        {
            weights[c] = SyntheticUsers.ExploreShare * world.Items.CategoryWeights[c];
        }

        var slot = u * SyntheticUsers.Slots;
        for (var k = 0; k < world.Users.SlotCount[u]; k++)
        {
            weights[world.Users.SlotCategory[slot + k]] += (1 - SyntheticUsers.ExploreShare) * world.Users.SlotWeight[slot + k];
        }

        return Enumerable.Range(0, weights.Length)
            .OrderByDescending(c => weights[c]).ThenBy(c => c)
            .Take(InterestEntries)
            .Select(c => new CategoryWeight(Id('c', c), R(weights[c])))
            .ToList();
    }

    private static List<string> TopItemsOf(SyntheticWorld world, int u)
    {
        // Insertion into a short sorted list: O(items · 10) without sorting every item per user.
        var best = new List<(double Affinity, int Item)>(TopItems + 1);
        for (var i = 0; i < world.Items.Count; i++)
        {
            var affinity = world.Affinity(u, i);
            if (best.Count == TopItems && affinity <= best[^1].Affinity)
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && best[at - 1].Affinity < affinity)
            {
                at--;
            }

            best.Insert(at, (affinity, i));
            if (best.Count > TopItems)
            {
                best.RemoveAt(TopItems);
            }
        }

        return best.Select(b => Id('i', b.Item)).ToList();
    }

    private static GroundTruthParameters Parameters(SyntheticOptions options)
    {
        var segments = Enumerable.Range(0, FunnelModel.SegmentCount)
            .Select(s => new SegmentFactor(FunnelModel.SegmentName(s), FunnelModel.SegmentFactor(s)))
            .ToList();
        var funnel = new FunnelTruth(
            FunnelModel.AffinityCenter, FunnelModel.ClickBase, FunnelModel.ClickAffinity,
            FunnelModel.FavBase, FunnelModel.FavAffinity, FunnelModel.FavPropensity,
            FunnelModel.CartBase, FunnelModel.CartAffinity, FunnelModel.CartPropensity,
            FunnelModel.PurchaseBase, FunnelModel.PurchaseAffinity, FunnelModel.PurchasePropensity,
            FunnelModel.PropensityBetaA, FunnelModel.PropensityBetaB, segments);
        var session = new SessionTruth(
            SyntheticSimulator.MeanExtraViews, SyntheticSimulator.MaxViews, SyntheticSimulator.Candidates,
            SyntheticSimulator.SoftmaxBeta, SyntheticUsers.ExploreShare, SyntheticUsers.DriftMovedShare,
            SyntheticUsers.DriftRampDays, SyntheticSimulator.LargeOrderMin, SyntheticSimulator.LargeOrderSpan);
        return new GroundTruthParameters(options, "dot(userLatent, itemLatent) + 1 - ln(popularityRank + 1) / ln(items + 1)", funnel, session);
    }

    internal static double R(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static double[] Round(ReadOnlySpan<float> values)
    {
        var rounded = new double[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            rounded[k] = R(values[k]);
        }

        return rounded;
    }
}
