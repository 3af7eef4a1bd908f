using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The carry-over option: each click / fav / cart occurrence schedules, with probability δ of its type, one purchase
/// of the item a uniform U[0, D) days later (second resolution; dropped when it falls past the period). Draws come from
/// their own stream, so switching the option on leaves every other event of the run unchanged.
/// </summary>
internal sealed class CarryOverScheduler
{
    private const ulong CarryOverStream = 3;
    private const int SecondsPerDay = 86_400;

    private readonly SyntheticOptions _options;
    private readonly double[] _nu;
    private readonly SyntheticRandom _random;
    private readonly List<(int Second, SyntheticEvent Event)>[] _pending;

    public CarryOverScheduler(SyntheticOptions options, double[] nu)
    {
        _options = options;
        _nu = nu;
        _random = new SyntheticRandom(options.Seed, CarryOverStream);
        _pending = new List<(int, SyntheticEvent)>[options.Days];
        for (var d = 0; d < _pending.Length; d++)
        {
            _pending[d] = [];
        }
    }

    public double Probability(EventType type) => type switch
    {
        EventType.Click => _options.CarryOverClick,
        EventType.Fav => _options.CarryOverFav,
        EventType.Cart => _options.CarryOverCart,
        _ => 0,
    };

    /// <summary>Called for every click, fav and cart as it is generated (day 0-based, second of day).</summary>
    public void Behaviour(int user, int item, EventType type, int day, int second)
    {
        var delta = Probability(type);
        if (delta <= 0 || !_random.Chance(delta))
        {
            return;
        }

        var at = ((long)day * SecondsPerDay) + second + (long)(_random.NextDouble() * _options.CarryOverDays * SecondsPerDay);
        var cents = SyntheticSimulator.Amount(_random, _options, _nu[user]);
        var landing = at / SecondsPerDay;
        if (landing < _options.Days)
        {
            _pending[landing].Add(((int)(at % SecondsPerDay), new SyntheticEvent(user, item, EventType.Purchase, cents, type, day)));
        }
    }

    /// <summary>Moves the purchases due on <paramref name="day"/> into the day's buffer (before it is sorted).</summary>
    public void Release(int day, DayEventBuffer buffer)
    {
        foreach (var (second, ev) in _pending[day])
        {
            buffer.Add(second, ev);
        }

        _pending[day].Clear();
    }
}
