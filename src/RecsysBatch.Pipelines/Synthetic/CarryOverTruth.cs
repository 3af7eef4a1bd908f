using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The exact next-window effect of the carry-over option, for the influence stage's estimand: units are the
/// (user, item) pairs viewed in the exposure window [S − 2H, S − H) (S = the day after the period), treatment b is
/// b on the pair in that window, outcome is a purchase of the pair in [S − H, S).
/// <para>
/// A carry-over is drawn per occurrence from its own stream and touches nothing else, so removing the treatment's
/// carry-overs gives the untreated outcome Y0 of the realised run exactly, and with d_b = δ_b·H/D (the chance that
/// one occurrence anywhere in the exposure window lands in the outcome window, D ≥ 2H):
/// fav, cart: effect_i = (1 − Y0_i)·(1 − (1 − d_b)^n_i), n_i the occurrences in the window (1 for an untreated unit,
/// i.e. do(one occurrence)), Y0_i = organic purchase in the outcome window or a carry-over landing there that this
/// behaviour in the exposure window did not schedule. Click (total effect: a click is what makes fav and cart
/// possible): per click occurrence f_i = (1 − d_click)(1 − P(fav|click)·d_fav)(1 − P(cart|click)·d_cart),
/// effect_i = (1 − Y0_i)(1 − f_i^n_i), Y0_i without any carry-over scheduled in the exposure window.
/// nextWindowTau = mean of effect_i over all units (no Monte-Carlo error: the expectation over the carry-over draws is
/// taken in closed form given the realised run).
/// </para>
/// </summary>
internal sealed class CarryOverTruth
{
    private readonly SyntheticWorld _world;
    private readonly int _exposureStart;
    private readonly int _outcomeStart;
    private readonly Dictionary<long, Unit> _units = [];

    public CarryOverTruth(SyntheticWorld world)
    {
        _world = world;
        var h = world.Options.NextWindowHorizonDays;
        _exposureStart = world.Options.Days - (2 * h);
        _outcomeStart = world.Options.Days - h;
    }

    public void Observe(int day, in SyntheticEvent ev)
    {
        if (day < _exposureStart)
        {
            return;
        }

        var key = ((long)ev.User * _world.Items.Count) + ev.Item;
        if (day < _outcomeStart)
        {
            if (ev.Type == EventType.View)
            {
                _units.TryAdd(key, new Unit(ev.User, ev.Item));
            }
            else if (ev.Type is EventType.Click or EventType.Fav or EventType.Cart && _units.TryGetValue(key, out var unit))
            {
                unit.Occurrences[Slot(ev.Type)]++;
            }

            return;
        }

        if (ev.Type != EventType.Purchase || !_units.TryGetValue(key, out var outcome))
        {
            return;
        }

        if (ev.CarriedFrom is not { } source)
        {
            outcome.Organic = true;
        }
        else if (ev.CarriedFromDay >= _exposureStart && ev.CarriedFromDay < _outcomeStart)
        {
            outcome.FromExposure[Slot(source)] = true;
        }
        else
        {
            outcome.Organic = true;
        }
    }

    public CarryOverEffect Effect(out double click, out double fav, out double cart)
    {
        var options = _world.Options;
        var landing = options.NextWindowHorizonDays / (double)options.CarryOverDays;
        var d = new[] { options.CarryOverClick * landing, options.CarryOverFav * landing, options.CarryOverCart * landing };
        double sumClick = 0, sumFav = 0, sumCart = 0;
        foreach (var unit in _units.Values)
        {
            var s = FunnelModel.Squash(_world.Affinity(unit.User, unit.Item));
            var rho = _world.Users.Propensity[unit.User];
            var fromExposure = unit.FromExposure;
            sumFav += Single(unit, 1, d[1], unit.Organic || fromExposure[0] || fromExposure[2]);
            sumCart += Single(unit, 2, d[2], unit.Organic || fromExposure[0] || fromExposure[1]);
            var perClick = (1 - d[0]) * (1 - (FunnelModel.Fav(s, rho) * d[1])) * (1 - (FunnelModel.Cart(s, rho) * d[2]));
            sumClick += unit.Organic ? 0 : 1 - Math.Pow(perClick, Math.Max(1, unit.Occurrences[0]));
        }

        var n = Math.Max(1, _units.Count);
        click = sumClick / n;
        fav = sumFav / n;
        cart = sumCart / n;
        return new CarryOverEffect(
            options.CarryOverClick, options.CarryOverFav, options.CarryOverCart, options.CarryOverDays, options.NextWindowHorizonDays,
            GroundTruthBuilder.R(landing), _units.Count,
            "each click/fav/cart occurrence schedules with probability delta one purchase of the item uniform in [0, delayDays) days later "
            + "(own random stream, independent of everything else). With S = the day after the period and H = horizonDays, a unit is a pair "
            + "viewed in [S - 2H, S - H); one occurrence there lands in [S - H, S) with probability landingShare = H / delayDays, so d = delta * landingShare. "
            + "nextWindowTau = mean over units of (1 - Y0) * (1 - (1 - d)^n), n = occurrences in the exposure window (1 for untreated units), "
            + "Y0 = a purchase of the pair in [S - H, S) other than the carry-overs of this behaviour in the exposure window; for click, "
            + "1 - d is replaced by (1 - d_click)(1 - P(fav|click) d_fav)(1 - P(cart|click) d_cart) and Y0 excludes every carry-over "
            + "scheduled in the exposure window (total effect). Exact given the realised run (no Monte-Carlo error).");
    }

    private static int Slot(EventType type) => type switch
    {
        EventType.Click => 0,
        EventType.Fav => 1,
        _ => 2,
    };

    private static double Single(Unit unit, int slot, double d, bool y0) =>
        y0 ? 0 : 1 - Math.Pow(1 - d, Math.Max(1, unit.Occurrences[slot]));

    private sealed class Unit(int user, int item)
    {
        public int User { get; } = user;

        public int Item { get; } = item;

        public int[] Occurrences { get; } = new int[3];

        public bool[] FromExposure { get; } = new bool[3];

        /// <summary>A purchase in the outcome window that no carry-over of the exposure window scheduled.</summary>
        public bool Organic { get; set; }
    }
}
