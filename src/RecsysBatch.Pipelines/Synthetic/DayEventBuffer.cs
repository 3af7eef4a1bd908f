using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The events of one day, put in time order before they are written. Holding one day at a time keeps memory flat
/// for any number of days while the file still comes out in global time order.
/// </summary>
internal sealed class DayEventBuffer
{
    private const int SecondsPerDay = 86_400;

    private readonly int[] _bucketStart = new int[SecondsPerDay + 1];
    private int[] _seconds = new int[1024];
    private int[] _order = new int[1024];
    private SyntheticEvent[] _events = new SyntheticEvent[1024];

    public int Count { get; private set; }

    public void Add(int secondOfDay, int user, int item, EventType type, long cents = 0) =>
        Add(secondOfDay, new SyntheticEvent(user, item, type, cents));

    public void Add(int secondOfDay, in SyntheticEvent ev)
    {
        if (Count == _seconds.Length)
        {
            Array.Resize(ref _seconds, Count * 2);
            Array.Resize(ref _events, Count * 2);
            _order = new int[Count * 2];
        }

        _seconds[Count] = secondOfDay;
        _events[Count] = ev;
        Count++;
    }

    /// <summary>
    /// Counting sort on the second of day: linear, and stable (same second keeps generation order), so the
    /// order is fully determined; a comparison sort of a quarter-million rows a day was the generator's hot spot.
    /// </summary>
    public void Sort()
    {
        Array.Clear(_bucketStart);
        for (var e = 0; e < Count; e++)
        {
            _bucketStart[_seconds[e] + 1]++;
        }

        for (var s = 1; s <= SecondsPerDay; s++)
        {
            _bucketStart[s] += _bucketStart[s - 1];
        }

        for (var e = 0; e < Count; e++)
        {
            _order[_bucketStart[_seconds[e]]++] = e;
        }
    }

    public int SecondAt(int index) => _seconds[_order[index]];

    public ref readonly SyntheticEvent At(int index) => ref _events[_order[index]];

    public void Clear() => Count = 0;

    /// <summary>Whether an event added at index <paramref name="start"/> or later (before sorting) is a purchase.</summary>
    public bool HasPurchaseFrom(int start)
    {
        for (var e = start; e < Count; e++)
        {
            if (_events[e].Type == EventType.Purchase)
            {
                return true;
            }
        }

        return false;
    }
}
