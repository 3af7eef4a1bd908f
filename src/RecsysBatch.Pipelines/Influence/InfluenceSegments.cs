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

    private readonly EventTable _events;
    private readonly int[] _topCategories;
    private readonly Dictionary<string, string>? _tiers;

    private InfluenceSegments(EventTable events, int[] topCategories, Dictionary<string, string>? tiers)
    {
        _events = events;
        _topCategories = topCategories;
        _tiers = tiers;
    }

    public bool HasTiers => _tiers is not null;

    /// <summary>Segment names in output order.</summary>
    public IReadOnlyList<string> Names =>
    [
        Overall,
        .. _topCategories.Select(c => "category:" + _events.Categories[c]),
        .. _tiers is null ? [] : new[] { "value_tier:A", "value_tier:B", "value_tier:C", "value_tier:none" },
    ];

    public static InfluenceSegments Create(EventTable events, PairUnits units, RunData data, int topCategories)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(data);
        var top = units.Category.Where(c => c >= 0).GroupBy(c => c)
            .OrderByDescending(g => g.Count()).ThenBy(g => events.Categories[g.Key], StringComparer.Ordinal)
            .Take(topCategories).Select(g => g.Key).ToArray();
        return new InfluenceSegments(events, top, Tiers(data));
    }

    /// <summary>The segment names a (user, category) pair belongs to.</summary>
    public IEnumerable<string> Of(int user, int category)
    {
        yield return Overall;
        if (category >= 0 && Array.IndexOf(_topCategories, category) >= 0)
        {
            yield return "category:" + _events.Categories[category];
        }

        if (_tiers is not null)
        {
            yield return "value_tier:" + _tiers.GetValueOrDefault(_events.Users[user], "none");
        }
    }

    /// <summary>Rows per segment for units given by (user, category) arrays.</summary>
    public Dictionary<string, List<int>> Rows(int[] user, int[] category)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(category);
        var rows = Names.ToDictionary(n => n, _ => new List<int>(), StringComparer.Ordinal);
        for (var r = 0; r < user.Length; r++)
        {
            foreach (var segment in Of(user[r], category[r]))
            {
                rows[segment].Add(r);
            }
        }

        return rows;
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
