using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Builds the run's one event table from the batches of all sources, in source and chunk order: chunk-local
/// keys become run keys (first appearance order, as a sequential read would give) and exact duplicates of an
/// earlier kept event are left out (counted, or turned into rejects).
/// </summary>
internal sealed class EventTableWriter
{
    private const int Group = 16;

    private readonly RunKeys _users;
    private readonly RunKeys _items;
    private readonly RunKeys _categories;
    private readonly DuplicateIndex _duplicates = new();
    private int[] _userMap = [];
    private int[] _itemMap = [];
    private int[] _categoryMap = [];
    private ulong _touched; // keeps the prefetching reads from being optimised away

    public EventTableWriter()
    {
        Table = new EventTable();
        _users = new RunKeys(Table.Users);
        _items = new RunKeys(Table.Items);
        _categories = new RunKeys(Table.Categories);
    }

    public EventTable Table { get; }

    /// <summary>Sizes the table for about <paramref name="moreEvents"/> more events at once (growing copies, and fresh memory is slow).</summary>
    public void Reserve(long moreEvents)
    {
        var total = (int)Math.Min(Table.Count + moreEvents, Array.MaxLength);
        Table.EnsureCapacity(total);
        _duplicates.EnsureCapacity(total);
    }

    /// <summary>
    /// Appends the events of a batch and returns how many were exact duplicates (left out). With
    /// <paramref name="rawOf"/>, which gives the raw text of a batch event, duplicates also go to
    /// <paramref name="rejects"/> with file line numbers; without it they are only counted.
    /// </summary>
    public long Append(EventBatch batch, Func<EventBatch, int, string>? rawOf, List<LocalReject> rejects)
    {
        if ((long)Table.Count + batch.Count > Array.MaxLength)
        {
            throw new InvalidOperationException($"More than {Array.MaxLength:N0} events do not fit one event table.");
        }

        _userMap = _users.Remap(batch.Users, _userMap);
        _itemMap = _items.Remap(batch.Items, _itemMap);
        _categoryMap = _categories.Remap(batch.Categories, _categoryMap);
        Span<int> user = stackalloc int[Group];
        Span<int> item = stackalloc int[Group];
        Span<int> category = stackalloc int[Group];
        Span<uint> hash = stackalloc uint[Group];
        var type = batch.Type;
        var ts = batch.TimestampMs;
        var value = batch.Value;
        ulong touched = 0;
        long duplicates = 0;
        for (var g = 0; g < batch.Count; g += Group)
        {
            var n = Math.Min(Group, batch.Count - g);
            for (var j = 0; j < n; j++)
            {
                var e = g + j;
                user[j] = _userMap[batch.UserKey[e]];
                item[j] = batch.ItemKey[e] < 0 ? EventTable.NoKey : _itemMap[batch.ItemKey[e]];
                category[j] = batch.CategoryKey[e] < 0 ? EventTable.NoKey : _categoryMap[batch.CategoryKey[e]];
                hash[j] = DuplicateIndex.Hash(user[j], item[j], category[j], type[e], ts[e], value[e]);
                touched += _duplicates.Touch(hash[j]);
            }

            for (var j = 0; j < n; j++)
            {
                var e = g + j;
                if (_duplicates.TryAdd(Table, hash[j], user[j], item[j], category[j], type[e], ts[e], value[e]))
                {
                    Table.Add(user[j], item[j], category[j], type[e], ts[e], value[e]);
                }
                else
                {
                    duplicates++;
                    if (rawOf is not null)
                    {
                        rejects.Add(new LocalReject(batch.LineBase + batch.Line[e], rawOf(batch, e), RejectReasons.Duplicate));
                    }
                }
            }
        }

        _touched += touched;
        return duplicates;
    }
}
