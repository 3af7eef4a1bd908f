namespace RecsysBatch.Core.Events;

/// <summary>
/// The run's canonical events held as columns (struct of arrays), the in-memory half of the working store.
/// Keys are dense ids from <see cref="Users"/>, <see cref="Items"/> and <see cref="Categories"/>;
/// <see cref="NoKey"/> marks a missing item or category, NaN a missing value.
/// Timestamps are UTC unix milliseconds.
/// </summary>
public sealed class EventTable
{
    public const int NoKey = -1;

    private int[] _user;
    private int[] _item;
    private int[] _category;
    private EventType[] _type;
    private long[] _ts;
    private double[] _value;
    private string?[] _itemTitles = [];

    public EventTable(int capacity = 1024)
        : this(new IdMap(), new IdMap(), new IdMap(), capacity)
    {
    }

    public EventTable(IdMap users, IdMap items, IdMap categories, int capacity = 1024)
    {
        Users = users;
        Items = items;
        Categories = categories;
        capacity = Math.Max(capacity, 16);
        _user = new int[capacity];
        _item = new int[capacity];
        _category = new int[capacity];
        _type = new EventType[capacity];
        _ts = new long[capacity];
        _value = new double[capacity];
    }

    public IdMap Users { get; }

    public IdMap Items { get; }

    public IdMap Categories { get; }

    public int Count { get; private set; }

    public ReadOnlySpan<int> UserKey => _user.AsSpan(0, Count);

    public ReadOnlySpan<int> ItemKey => _item.AsSpan(0, Count);

    public ReadOnlySpan<int> CategoryKey => _category.AsSpan(0, Count);

    public ReadOnlySpan<EventType> Type => _type.AsSpan(0, Count);

    public ReadOnlySpan<long> TimestampMs => _ts.AsSpan(0, Count);

    public ReadOnlySpan<double> Value => _value.AsSpan(0, Count);

    /// <summary>True when at least one event has an item id (false for transaction-only sources such as CDNOW).</summary>
    public bool HasItems => Items.Count > 0;

    /// <summary>True when at least one event has a category (false for MovieLens ratings).</summary>
    public bool HasCategories => Categories.Count > 0;

    /// <summary>True when at least one item has a title (MovieLens movies.csv, Online Retail Description).</summary>
    public bool HasItemTitles { get; private set; }

    /// <summary>The title of an item key as its source gives it, null when the source has none for it (or for <see cref="NoKey"/>).</summary>
    public string? ItemTitle(int itemKey) => itemKey >= 0 && itemKey < _itemTitles.Length ? _itemTitles[itemKey] : null;

    /// <summary>
    /// <see cref="ItemTitle"/> over the titles as they are now, holding only them: a table column that shows titles when
    /// it is written keeps the titles alive, not the events.
    /// </summary>
    public Func<int, string?> ItemTitles()
    {
        var titles = _itemTitles;
        return itemKey => itemKey >= 0 && itemKey < titles.Length ? titles[itemKey] : null;
    }

    /// <summary>
    /// Sets the item titles by item key (index = key; shorter than <see cref="Items"/> means the rest have none).
    /// Titles describe items, not events: ingest sets them once all sources are read, and every table that shows an
    /// item id can show its title next to it.
    /// </summary>
    public void SetItemTitles(IReadOnlyList<string?> titlesByKey)
    {
        ArgumentNullException.ThrowIfNull(titlesByKey);
        if (titlesByKey.Count > Items.Count)
        {
            throw new ArgumentException($"{titlesByKey.Count} titles for {Items.Count} items.", nameof(titlesByKey));
        }

        _itemTitles = [.. titlesByKey];
        HasItemTitles = _itemTitles.Any(t => t is not null);
    }

    public void Add(int user, int item, int category, EventType type, long timestampMs, double value)
    {
        if (Count == _user.Length)
        {
            Grow(Count * 2);
        }

        var i = Count++;
        _user[i] = user;
        _item[i] = item;
        _category[i] = category;
        _type[i] = type;
        _ts[i] = timestampMs;
        _value[i] = value;
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> events without further growth.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > _user.Length)
        {
            Grow(capacity);
        }
    }

    /// <summary>Removes the events for which <paramref name="remove"/> is true, keeping order; returns how many were removed.</summary>
    public int RemoveWhere(Func<int, bool> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        var w = 0;
        for (var r = 0; r < Count; r++)
        {
            if (remove(r))
            {
                continue;
            }

            if (w != r)
            {
                _user[w] = _user[r];
                _item[w] = _item[r];
                _category[w] = _category[r];
                _type[w] = _type[r];
                _ts[w] = _ts[r];
                _value[w] = _value[r];
            }

            w++;
        }

        var removed = Count - w;
        Count = w;
        return removed;
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _user, capacity);
        Array.Resize(ref _item, capacity);
        Array.Resize(ref _category, capacity);
        Array.Resize(ref _type, capacity);
        Array.Resize(ref _ts, capacity);
        Array.Resize(ref _value, capacity);
    }
}
