using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// The validated events and rejects of one chunk of one file, with chunk-local id keys. Chunks are parsed
/// in parallel; <see cref="EventTableWriter"/> then merges them in chunk order (run keys, duplicates), which
/// gives the same keys and rejects as one sequential read. Line numbers here are chunk-local (1-based).
/// </summary>
internal sealed class EventBatch
{
    private readonly IngestLimits _limits;
    private readonly bool _hasItems;
    private int[] _user;
    private int[] _item;
    private int[] _category;
    private EventType[] _type;
    private long[] _ts;
    private double[] _value;
    private long[] _line;
    private long[] _rawRef;

    public EventBatch(IngestLimits limits, bool hasItems, int capacity)
    {
        _limits = limits;
        _hasItems = hasItems;
        capacity = Math.Max(capacity, 64);
        _user = new int[capacity];
        _item = new int[capacity];
        _category = new int[capacity];
        _type = new EventType[capacity];
        _ts = new long[capacity];
        _value = new double[capacity];
        _line = new long[capacity];
        _rawRef = new long[capacity];
        var idCapacity = capacity;
        Users = new Utf8KeyMap(idCapacity);
        Items = new Utf8KeyMap(hasItems ? idCapacity : 16);
        Categories = new Utf8KeyMap(1024);
    }

    public Utf8KeyMap Users { get; }

    public Utf8KeyMap Items { get; }

    public Utf8KeyMap Categories { get; }

    public int Count { get; private set; }

    /// <summary>Empties the batch for the next chunk, keeping its memory (fresh memory is costly to fault in).</summary>
    public void Reset()
    {
        Users.Clear();
        Items.Clear();
        Categories.Clear();
        Rejects.Clear();
        Count = 0;
        LineBase = 0;
        Lines = 0;
        DataLines = 0;
        AfterSnapshot = 0;
        NewestMs = long.MinValue;
    }

    /// <summary>Line number in the file of the line before the chunk's first line (local line + base = file line).</summary>
    public long LineBase { get; set; }

    /// <summary>All lines of the chunk, blank ones included (they advance line numbers).</summary>
    public long Lines { get; set; }

    /// <summary>Non-blank lines: each becomes an event, an after-snapshot count or a reject.</summary>
    public long DataLines { get; set; }

    public long AfterSnapshot { get; private set; }

    /// <summary>Newest valid event time of the chunk, after-snapshot ones included; long.MinValue when none.</summary>
    public long NewestMs { get; private set; } = long.MinValue;

    public List<LocalReject> Rejects { get; } = [];

    public ReadOnlySpan<int> UserKey => _user.AsSpan(0, Count);

    public ReadOnlySpan<int> ItemKey => _item.AsSpan(0, Count);

    public ReadOnlySpan<int> CategoryKey => _category.AsSpan(0, Count);

    public ReadOnlySpan<EventType> Type => _type.AsSpan(0, Count);

    public ReadOnlySpan<long> TimestampMs => _ts.AsSpan(0, Count);

    public ReadOnlySpan<double> Value => _value.AsSpan(0, Count);

    public ReadOnlySpan<long> Line => _line.AsSpan(0, Count);

    /// <summary>Where the raw text of an event can be found again (a byte offset for text files, a row for Parquet).</summary>
    public ReadOnlySpan<long> RawRef => _rawRef.AsSpan(0, Count);

    public void Reject(ReadOnlySpan<byte> raw, long line, string reason) =>
        Rejects.Add(new LocalReject(line, RejectReasons.Raw(raw), reason));

    /// <summary>Validates a parsed line and keeps it, counts it as after the snapshot, or rejects it.</summary>
    public void Accept(
        ReadOnlySpan<byte> raw, long line, long rawRef, ReadOnlySpan<byte> user, ReadOnlySpan<byte> item,
        ReadOnlySpan<byte> category, EventType type, long tsMs, double value)
    {
        var reason = Problem(_limits, _hasItems, user, item, category, type, tsMs, value);
        if (reason is not null)
        {
            Reject(raw, line, reason);
            return;
        }

        NewestMs = Math.Max(NewestMs, tsMs);
        if (tsMs >= _limits.CutoffMs)
        {
            // Known snapshot: the event is valid but belongs to the future of this run; it must not even leave an id.
            AfterSnapshot++;
            return;
        }

        if (Count == _user.Length)
        {
            Grow(Count + (Count / 2));
        }

        var i = Count++;
        _user[i] = Users.GetOrAdd(user, out _);
        _item[i] = _hasItems ? Items.GetOrAdd(item, out _) : EventTable.NoKey;
        _category[i] = category.IsEmpty ? EventTable.NoKey : Categories.GetOrAdd(category, out _);
        _type[i] = type;
        _ts[i] = tsMs;
        _value[i] = value + 0.0; // -0.0 becomes 0.0, so duplicates compare equal bit for bit
        _line[i] = line;
        _rawRef[i] = rawRef;
    }

    /// <summary>The reject reason of a parsed event under <paramref name="limits"/>, null when it is kept (the snapshot cutoff is not checked here).</summary>
    internal static string? Problem(
        IngestLimits limits, bool hasItems, ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, ReadOnlySpan<byte> category, EventType type, long tsMs, double value) =>
        IdProblem(limits, hasItems, user, item, category) ?? EventProblem(limits, type, tsMs, value);

    /// <summary>The reject reason of an event's ids (the first checks of <see cref="Problem"/>); it depends on the ids only.</summary>
    internal static string? IdProblem(IngestLimits limits, bool hasItems, ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, ReadOnlySpan<byte> category)
    {
        if (user.IsEmpty)
        {
            return RejectReasons.EmptyUserId;
        }

        if (hasItems && item.IsEmpty)
        {
            return RejectReasons.EmptyItemId;
        }

        return IdRules.Problem(user, IdRules.User, limits.MaxIdBytes)
            ?? IdRules.Problem(item, IdRules.Item, limits.MaxIdBytes)
            ?? IdRules.Problem(category, IdRules.Category, limits.MaxIdBytes);
    }

    /// <summary>The reject reason of an event's time and value (the checks of <see cref="Problem"/> after the ids).</summary>
    internal static string? EventProblem(IngestLimits limits, EventType type, long tsMs, double value)
    {
        if (tsMs < limits.ValidFromMs || tsMs >= limits.ValidToMs)
        {
            return RejectReasons.TimestampOutOfRange;
        }

        if (tsMs > limits.FutureMs)
        {
            // Later than the run's clock allows: one such event must not move the default snapshot years ahead.
            return RejectReasons.FutureTimestamp;
        }

        if (double.IsInfinity(value))
        {
            return RejectReasons.NonFiniteValue;
        }

        if (value < 0)
        {
            return type == EventType.Purchase ? RejectReasons.NegativeAmount : RejectReasons.NegativeValue;
        }

        return type == EventType.Rating && double.IsNaN(value) ? RejectReasons.MissingRating : null;
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _user, capacity);
        Array.Resize(ref _item, capacity);
        Array.Resize(ref _category, capacity);
        Array.Resize(ref _type, capacity);
        Array.Resize(ref _ts, capacity);
        Array.Resize(ref _value, capacity);
        Array.Resize(ref _line, capacity);
        Array.Resize(ref _rawRef, capacity);
    }
}
