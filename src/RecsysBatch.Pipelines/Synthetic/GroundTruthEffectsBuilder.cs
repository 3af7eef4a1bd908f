using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The true effects, averaged over the distinct viewed (user, item) pairs of the run. Exact because the purchase
/// model is additive: inside a segment every pair has the same direct effect τ·factor.
/// </summary>
internal static class GroundTruthEffectsBuilder
{
    public static GroundTruthEffects Build(SyntheticOptions options, TruthTracker tracker)
    {
        var pairs = tracker.ViewedPairsBySegment;
        var total = pairs.Sum();
        var behaviors = new List<BehaviorEffect>();
        double nextClick = 0, nextFav = 0, nextCart = 0;
        var carryOver = tracker.CarryOver?.Effect(out nextClick, out nextFav, out nextCart);
        var next = new Dictionary<EventType, double> { [EventType.Click] = nextClick, [EventType.Fav] = nextFav, [EventType.Cart] = nextCart };
        foreach (var (type, tau) in new[] { (EventType.Click, options.TauClick), (EventType.Fav, options.TauFav), (EventType.Cart, options.TauCart) })
        {
            var segments = new List<SegmentEffect>();
            double directSum = 0, totalSum = 0;
            for (var s = 0; s < FunnelModel.SegmentCount; s++)
            {
                var factor = FunnelModel.SegmentFactor(s);
                var direct = tau * factor;
                var overall = direct;
                if (type == EventType.Click && pairs[s] > 0)
                {
                    // A click is what makes fav and cart possible, so its total effect carries their effects too.
                    overall += factor * ((options.TauFav * tracker.FavAfterClickBySegment[s]) + (options.TauCart * tracker.CartAfterClickBySegment[s])) / pairs[s];
                }

                directSum += pairs[s] * direct;
                totalSum += pairs[s] * overall;
                segments.Add(new SegmentEffect(FunnelModel.SegmentName(s), GroundTruthBuilder.R(direct), GroundTruthBuilder.R(overall), pairs[s]));
            }

            behaviors.Add(new BehaviorEffect(
                type.ToName(),
                GroundTruthBuilder.R(total == 0 ? tau : directSum / total),
                GroundTruthBuilder.R(total == 0 ? segments[0].TotalTau : totalSum / total),
                NextWindowTau: GroundTruthBuilder.R(next[type]),
                segments));
        }

        return new GroundTruthEffects(
            "riskDifference",
            Exact: true,
            "tau: P(purchase | view, behaviour) - P(purchase | view, not), other behaviours held fixed (exact per pair, additive model); "
            + "totalTau: including the fav and cart a click makes possible; both averaged over distinct viewed (user, item) pairs",
            carryOver is not null
                ? "nextWindowTau: P(purchase of the pair in [S - H, S) | do(behaviour on the pair in [S - 2H, S - H))) minus the same without it, "
                  + "for pairs viewed in [S - 2H, S - H) and H = carryOver.horizonDays: the planted carry-over purchases (see carryOver.definition); "
                  + "the same-session effects tau never reach the next window"
                : "nextWindowTau: P(purchase of the pair in [S - H, S) | behaviour on the pair in [S - 2H, S - H)) minus the same without it, "
            + "for pairs viewed in [S - 2H, S - H) (the influence stage's estimand, any H): 0 by construction, because a behaviour only "
            + "changes the purchase probability of the view it happens in; later purchases depend on the user's propensity and the "
            + "pair's affinity, which also drive the behaviours (confounding, not effect)",
            total,
            behaviors,
            carryOver);
    }
}
