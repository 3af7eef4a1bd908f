using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The segments of both tables: overall, the top-N categories by number of units, and the value tiers of
/// user_value_scores when the value stage ran earlier in the run (an optional input of the stage; users without a tier:
/// value_tier:none).
/// </summary>
internal sealed class InfluenceSegments
{
    public const string Overall = "overall";

    /// <summary>Most segments a unit belongs to: overall, its category, its value tier.</summary>
    public const int MaxSegmentsPerUnit = 3;

    private static readonly string[] TierNames = ["A", "B", "C", "none"];

    private readonly EventTable _events;
    private readonly int[] _topCategories;

    /// <summary>Per user key, the index of its value tier in <see cref="TierNames"/> (−1: a tier not listed); null without tiers.</summary>
    private readonly int[]? _userTier;

    private InfluenceSegments(EventTable events, int[] topCategories, int[]? userTier)
    {
        _events = events;
        _topCategories = topCategories;
        _userTier = userTier;
    }

    public bool HasTiers => _userTier is not null;

    /// <summary>Segment names in output order.</summary>
    public IReadOnlyList<string> Names =>
    [
        Overall,
        .. _topCategories.Select(c => "category:" + _events.Categories[c]),
        .. _userTier is null ? [] : TierNames.Select(t => "value_tier:" + t),
    ];

    public static InfluenceSegments Create(EventTable events, PairUnits units, RunData data, int topCategories)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(data);
        var top = units.Category.Where(c => c >= 0).GroupBy(c => c)
            .OrderByDescending(g => g.Count()).ThenBy(g => events.Categories[g.Key], StringComparer.Ordinal)
            .Take(topCategories).Select(g => g.Key).ToArray();
        return new InfluenceSegments(events, top, Tiers(data) is { } tiers ? UserTiers(events, tiers) : null);
    }

    /// <summary>
    /// The segments a (user, category) pair belongs to, as indices into <see cref="Names"/> written to
    /// <paramref name="into"/> (at least <see cref="MaxSegmentsPerUnit"/> long) in output order; returns how many.
    /// </summary>
    public int Of(int user, int category, Span<int> into)
    {
        var count = 0;
        into[count++] = 0;
        var top = category >= 0 ? Array.IndexOf(_topCategories, category) : -1;
        if (top >= 0)
        {
            into[count++] = 1 + top;
        }

        if (_userTier is not null && _userTier[user] >= 0)
        {
            into[count++] = 1 + _topCategories.Length + _userTier[user];
        }

        return count;
    }

    /// <summary>Rows per segment (in <see cref="Names"/> order) for units given by (user, category) arrays.</summary>
    public Dictionary<string, List<int>> Rows(int[] user, int[] category)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(category);
        var names = Names;
        var rows = names.Select(_ => new List<int>()).ToArray();
        Span<int> member = stackalloc int[MaxSegmentsPerUnit];
        for (var r = 0; r < user.Length; r++)
        {
            foreach (var segment in member[..Of(user[r], category[r], member)])
            {
                rows[segment].Add(r);
            }
        }

        return names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => rows[x.i], StringComparer.Ordinal);
    }

    /// <summary>Per user key, its tier's index in <see cref="TierNames"/>: "none" for users the value stage did not score.</summary>
    private static int[] UserTiers(EventTable events, Dictionary<string, string> tiers)
    {
        var userTier = new int[events.Users.Count];
        for (var u = 0; u < userTier.Length; u++)
        {
            userTier[u] = Array.IndexOf(TierNames, tiers.GetValueOrDefault(events.Users[u], "none"));
        }

        return userTier;
    }

    private static Dictionary<string, string>? Tiers(RunData data)
    {
        if (data.GetOutput(ValueTables.UserValueScores) is not { } table)
        {
            return null;
        }

        var ids = table.Column<string>(ValueTables.UserIdColumn).Values;
        var tiers = table.Column<string>(ValueTables.ValueTierColumn).Values;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            map[ids[i]] = tiers[i];
        }

        return map;
    }
}
