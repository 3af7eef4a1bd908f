using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Builds the run's one event table from the batches of all sources, in source and chunk order: chunk-local
/// keys become run keys (first appearance order, as a sequential read would give) and exact duplicates of an
/// earlier kept event are turned into rejects.
/// </summary>
internal sealed class EventTableWriter
{
    private readonly RunKeys _users;
    private readonly RunKeys _items;
    private readonly RunKeys _categories;
    private readonly DuplicateIndex _duplicates = new();

    public EventTableWriter()
    {
        Table = new EventTable();
        _users = new RunKeys(Table.Users);
        _items = new RunKeys(Table.Items);
        _categories = new RunKeys(Table.Categories);
    }

    public EventTable Table { get; }

    /// <summary>
    /// Appends the events of one source's batches; returns the duplicate rejects with file line numbers.
    /// <paramref name="rawOf"/> gives the raw text of a batch event (read again only for duplicates).
    /// </summary>
    public List<LocalReject> Append(IReadOnlyList<EventBatch> batches, Func<EventBatch, int, string> rawOf)
    {
        var total = (long)Table.Count + batches.Sum(b => (long)b.Count);
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"More than {Array.MaxLength:N0} events do not fit one event table.");
        }

        Table.EnsureCapacity((int)total);
        _duplicates.EnsureCapacity((int)total);
        var rejects = new List<LocalReject>();
        foreach (var batch in batches)
        {
            AppendBatch(batch, rawOf, rejects);
        }

        return rejects;
    }

    private void AppendBatch(EventBatch batch, Func<EventBatch, int, string> rawOf, List<LocalReject> rejects)
    {
        var tmp = System.Diagnostics.Stopwatch.StartNew();
        var users = _users.Remap(batch.Users);
        var items = _items.Remap(batch.Items);
        var categories = _categories.Remap(batch.Categories);
        Console.Error.WriteLine($"TMP remap {tmp.Elapsed.TotalSeconds:F2}s {batch.Users.Count} {batch.Items.Count}");
        tmp.Restart();
        var userKey = batch.UserKey;
        var itemKey = batch.ItemKey;
        var categoryKey = batch.CategoryKey;
        var type = batch.Type;
        var ts = batch.TimestampMs;
        var value = batch.Value;
        for (var e = 0; e < batch.Count; e++)
        {
            var user = users[userKey[e]];
            var item = itemKey[e] < 0 ? EventTable.NoKey : items[itemKey[e]];
            var category = categoryKey[e] < 0 ? EventTable.NoKey : categories[categoryKey[e]];
            if (_duplicates.TryAdd(Table, user, item, category, type[e], ts[e], value[e]))
            {
                Table.Add(user, item, category, type[e], ts[e], value[e]);
            }
            else
            {
                rejects.Add(new LocalReject(batch.LineBase + batch.Line[e], rawOf(batch, e), RejectReasons.Duplicate));
            }
        }

        Console.Error.WriteLine($"TMP loop {tmp.Elapsed.TotalSeconds:F2}s");
    }
}
