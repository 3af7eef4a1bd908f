using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Plays the story day by day: each living user has Poisson(λ) sessions, each session views items (category from
/// today's interest, item by popularity × softmax of u·v) and walks the funnel; after an active day (opt-in: a
/// purchase day, see <see cref="SyntheticOptions.DropoutAfterPurchaseDayOnly"/>) the user drops out for good with
/// probability p. A day is sorted and written before the next starts.
/// </summary>
internal sealed class SyntheticSimulator
{
    public const double MeanExtraViews = 3.0;
    public const int MaxViews = 20;
    public const int Candidates = 4;
    public const double SoftmaxBeta = 1.5;
    public const double LargeOrderMin = 10;
    public const double LargeOrderSpan = 30;

    /// <summary>Sessions start early enough that every event of the longest session stays on its day.</summary>
    private const int SessionWindow = 7200;
    private const ulong SimulationStream = 2;

    private readonly SyntheticWorld _world;
    private readonly SyntheticOptions _options;
    private readonly SyntheticRandom _random;
    private readonly DayEventBuffer _buffer = new();
    private readonly double[] _slotCumulative = new double[SyntheticUsers.Slots];
    private readonly CarryOverScheduler? _carryOver;

    public SyntheticSimulator(SyntheticWorld world)
    {
        _world = world;
        _options = world.Options;
        _random = new SyntheticRandom(_options.Seed, SimulationStream);
        DropoutDay = new int[_options.Users];
        Array.Fill(DropoutDay, -1);
        _carryOver = _options.CarryOverEnabled ? new CarryOverScheduler(_options, world.Users.Nu) : null;
    }

    /// <summary>First day a user is gone for good, or −1 when still active at the end of the period.</summary>
    public int[] DropoutDay { get; }

    public long[] TypeCounts { get; } = new long[EventTypes.Count];

    /// <summary>Writes every event to <paramref name="writer"/> in time order and shows each to <paramref name="tracker"/>.</summary>
    public long Run(EventCsvWriter writer, TruthTracker? tracker)
    {
        var total = 0L;
        var users = _world.Users;
        for (var day = 0; day < _options.Days; day++)
        {
            _buffer.Clear();
            for (var u = 0; u < users.Count; u++)
            {
                if (day < users.StartDay[u] || DropoutDay[u] >= 0)
                {
                    continue;
                }

                var sessions = _random.NextPoisson(users.Lambda[u]);
                var firstEvent = _buffer.Count;
                for (var s = 0; s < sessions; s++)
                {
                    Session(u, day);
                }

                // No dropout draw after the last day: a user gone only after the period is still active in it. By
                // default the draw follows any active day; opt-in, only a purchase day (BG/NBD's dropout).
                var mayDrop = _options.DropoutAfterPurchaseDayOnly ? _buffer.HasPurchaseFrom(firstEvent) : sessions > 0;
                if (mayDrop && day < _options.Days - 1 && _random.Chance(users.PDropout[u]))
                {
                    DropoutDay[u] = day + 1;
                }
            }

            _carryOver?.Release(day, _buffer);
            _buffer.Sort();
            writer.SetDay(_options.StartDate.AddDays(day));
            for (var e = 0; e < _buffer.Count; e++)
            {
                ref readonly var ev = ref _buffer.At(e);
                writer.Write(ev.User, ev.Item, _world.Items.Category[ev.Item], ev.Type, _buffer.SecondAt(e), ev.Cents);
                TypeCounts[(int)ev.Type]++;
                tracker?.Observe(day, ev);
            }

            total += _buffer.Count;
        }

        writer.Flush();
        return total;
    }

    private void Session(int user, int day)
    {
        var users = _world.Users;
        var slots = users.SlotCount[user];
        users.WeightsOn(user, day, _slotCumulative);
        for (var k = 1; k < slots; k++)
        {
            _slotCumulative[k] += _slotCumulative[k - 1];
        }

        var propensity = users.Propensity[user];
        var second = _random.NextInt(86_400 - SessionWindow);
        var views = Math.Min(MaxViews, 1 + _random.NextPoisson(MeanExtraViews));
        for (var v = 0; v < views; v++)
        {
            var category = _random.Chance(SyntheticUsers.ExploreShare)
                ? _random.NextFromCumulative(_world.Items.CategoryCumulative)
                : users.SlotCategory[(user * SyntheticUsers.Slots) + _random.NextFromCumulative(_slotCumulative.AsSpan(0, slots))];
            var item = PickItem(user, category, out var dot);
            var s = FunnelModel.Squash(dot + _world.Items.PopularityTerm[item]);
            _buffer.Add(second, user, item, EventType.View);
            var t = second;
            var clicked = _random.Chance(FunnelModel.Click(s));
            var faved = false;
            var carted = false;
            if (clicked)
            {
                t += 2 + _random.NextInt(19);
                _buffer.Add(t, user, item, EventType.Click);
                _carryOver?.Behaviour(user, item, EventType.Click, day, t);
                faved = _random.Chance(FunnelModel.Fav(s, propensity));
                if (faved)
                {
                    t += 1 + _random.NextInt(30);
                    _buffer.Add(t, user, item, EventType.Fav);
                    _carryOver?.Behaviour(user, item, EventType.Fav, day, t);
                }

                carted = _random.Chance(FunnelModel.Cart(s, propensity));
                if (carted)
                {
                    t += 1 + _random.NextInt(30);
                    _buffer.Add(t, user, item, EventType.Cart);
                    _carryOver?.Behaviour(user, item, EventType.Cart, day, t);
                }
            }

            var lift = (clicked ? _options.TauClick : 0) + (faved ? _options.TauFav : 0) + (carted ? _options.TauCart : 0);
            var purchase = FunnelModel.Base(s, propensity) + (FunnelModel.SegmentFactor(FunnelModel.SegmentOf(category)) * lift);
            if (_random.Chance(purchase))
            {
                t += 5 + _random.NextInt(116);
                _buffer.Add(t, user, item, EventType.Purchase, Amount(_random, _options, _world.Users.Nu[user]));
            }

            second = t + 5 + _random.NextInt(86);
        }
    }

    /// <summary>A few popularity-weighted candidates of the category, one chosen with probability ∝ exp(β·u·v).</summary>
    private int PickItem(int user, int category, out double dot)
    {
        var draw = _world.Items.MemberDraw[category];
        Span<int> picked = stackalloc int[Candidates];
        Span<double> dots = stackalloc double[Candidates];
        Span<double> weights = stackalloc double[Candidates];
        var candidates = draw.Count == 1 ? 1 : Candidates;
        var total = 0.0;
        for (var c = 0; c < candidates; c++)
        {
            picked[c] = draw.Sample(_random);
            dots[c] = _world.Dot(user, picked[c]);
            total += Math.Exp(SoftmaxBeta * dots[c]);
            weights[c] = total;
        }

        var chosen = _random.NextFromCumulative(weights[..candidates]);
        dot = dots[chosen];
        return picked[chosen];
    }

    /// <summary>Gamma-Gamma amount in cents; a rare order is many times the usual size (the heavy tail).</summary>
    internal static long Amount(SyntheticRandom random, SyntheticOptions options, double nu)
    {
        var amount = random.NextGamma(options.SpendShapeP, nu);
        if (random.Chance(options.LargeOrderShare))
        {
            amount *= LargeOrderMin + (LargeOrderSpan * random.NextDouble());
        }

        return Math.Max(1, (long)Math.Round(amount * 100, MidpointRounding.AwayFromZero));
    }
}
