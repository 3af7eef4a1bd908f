namespace RecsysBatch.Core.Events;

/// <summary>Canonical behaviour types. The numeric values are stable: they index per-type arrays.</summary>
public enum EventType : byte
{
    View = 0,
    Click = 1,
    Fav = 2,
    Cart = 3,
    Purchase = 4,
    Rating = 5,
}
