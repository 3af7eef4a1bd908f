using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>One generated event of the current day; the time is the sort key held beside it in <see cref="DayEventBuffer"/>.</summary>
internal readonly record struct SyntheticEvent(int User, int Item, EventType Type, long Cents);
