using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Collects the realised per-user truth (events, purchases, spend) and the distinct viewed (user, item) pairs per
/// segment, over which the average causal effects are defined. Only used when ground truth is written.
/// </summary>
internal sealed class TruthTracker
{
    private readonly SyntheticWorld _world;
    private readonly HashSet<long> _viewedPairs = [];

    public TruthTracker(SyntheticWorld world)
    {
        _world = world;
        Events = new int[world.Users.Count];
        Purchases = new int[world.Users.Count];
        SpendCents = new long[world.Users.Count];
        CarryOver = world.Options.CarryOverEnabled ? new CarryOverTruth(world) : null;
    }

    /// <summary>The next-window units and their outcomes, kept only when the carry-over option is on.</summary>
    public CarryOverTruth? CarryOver { get; }

    public int[] Events { get; }
    public int[] Purchases { get; }
    public long[] SpendCents { get; }
    public long[] ViewedPairsBySegment { get; } = new long[FunnelModel.SegmentCount];

    /// <summary>Per segment, Σ over viewed pairs of P(fav | click) and P(cart | click): the paths a click opens.</summary>
    public double[] FavAfterClickBySegment { get; } = new double[FunnelModel.SegmentCount];
    public double[] CartAfterClickBySegment { get; } = new double[FunnelModel.SegmentCount];

    public void Observe(int day, in SyntheticEvent ev)
    {
        CarryOver?.Observe(day, ev);
        Events[ev.User]++;
        if (ev.Type == EventType.View && _viewedPairs.Add(((long)ev.User * _world.Items.Count) + ev.Item))
        {
            var segment = FunnelModel.SegmentOf(_world.Items.Category[ev.Item]);
            var s = FunnelModel.Squash(_world.Affinity(ev.User, ev.Item));
            var propensity = _world.Users.Propensity[ev.User];
            ViewedPairsBySegment[segment]++;
            FavAfterClickBySegment[segment] += FunnelModel.Fav(s, propensity);
            CartAfterClickBySegment[segment] += FunnelModel.Cart(s, propensity);
        }
        else if (ev.Type == EventType.Purchase)
        {
            Purchases[ev.User]++;
            SpendCents[ev.User] += ev.Cents;
        }
    }
}
