using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// One generated event of the current day; the time is the sort key held beside it in <see cref="DayEventBuffer"/>.
/// A carry-over purchase names the behaviour and the day (0-based) that scheduled it; other events leave them unset.
/// </summary>
internal readonly record struct SyntheticEvent(int User, int Item, EventType Type, long Cents, EventType? CarriedFrom = null, int CarriedFromDay = -1);
