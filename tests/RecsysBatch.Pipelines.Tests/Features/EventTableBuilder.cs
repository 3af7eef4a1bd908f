using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Features;

/// <summary>Builds small canonical event tables by original ids, with times given relative to the test snapshot.</summary>
internal sealed class EventTableBuilder
{
    public static readonly DateOnly Snapshot = new(2024, 3, 1);

    private readonly EventTable _table = new();

    public static long CutoffMs => Timestamps.ToUnixMs(Snapshot);

    public static long Day => Timestamps.MillisPerDay;

    /// <summary>Adds an event at <paramref name="timestampMs"/>; null item or category means none.</summary>
    public EventTableBuilder At(long timestampMs, string user, string? item, string? category, EventType type, double value = double.NaN)
    {
        var itemKey = item is null ? EventTable.NoKey : _table.Items.GetOrAdd(item);
        var categoryKey = category is null ? EventTable.NoKey : _table.Categories.GetOrAdd(category);
        _table.Add(_table.Users.GetOrAdd(user), itemKey, categoryKey, type, timestampMs, value);
        return this;
    }

    /// <summary>Adds an event <paramref name="msBeforeCutoff"/> milliseconds before the snapshot (negative: after it).</summary>
    public EventTableBuilder Before(long msBeforeCutoff, string user, string? item, string? category, EventType type, double value = double.NaN) =>
        At(CutoffMs - msBeforeCutoff, user, item, category, type, value);

    public EventTable Build() => _table;
}
