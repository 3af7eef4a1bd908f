using RecsysBatch.Core.Events;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The canonical events: the three id maps in key order, then the six columns as raw spans, then (since
/// <see cref="Id"/>) the item titles by item key. <see cref="V1Id"/> files, without titles, are still read, so
/// a run checkpointed by the previous version still resumes (its items have no titles).
/// </summary>
internal static class EventTableCodec
{
    /// <summary>The events with item titles (what this version writes).</summary>
    public const string Id = "event-table.v2";

    /// <summary>The events before item titles: still read.</summary>
    public const string V1Id = "event-table";

    public static void Write(CheckpointFileWriter writer, EventTable events)
    {
        writer.WriteStrings(events.Users.Ids);
        writer.WriteStrings(events.Items.Ids);
        writer.WriteStrings(events.Categories.Ids);
        writer.WriteInt32(events.Count);
        writer.WriteArray(events.UserKey);
        writer.WriteArray(events.ItemKey);
        writer.WriteArray(events.CategoryKey);
        writer.WriteArray(events.Type);
        writer.WriteArray(events.TimestampMs);
        writer.WriteArray(events.Value);
        writer.WriteStrings(events.HasItemTitles ? [.. Enumerable.Range(0, events.Items.Count).Select(events.ItemTitle)] : []);
    }

    public static EventTable Read(CheckpointFileReader reader) => Read(reader, withTitles: true);

    /// <summary>A <see cref="V1Id"/> file: no titles.</summary>
    public static EventTable ReadV1(CheckpointFileReader reader) => Read(reader, withTitles: false);

    private static EventTable Read(CheckpointFileReader reader, bool withTitles)
    {
        var users = ReadMap(reader);
        var items = ReadMap(reader);
        var categories = ReadMap(reader);
        var count = reader.ReadCount();
        var user = reader.ReadArray<int>();
        var item = reader.ReadArray<int>();
        var category = reader.ReadArray<int>();
        var type = reader.ReadArray<EventType>();
        var ts = reader.ReadArray<long>();
        var value = reader.ReadArray<double>();
        if (user.Length != count || item.Length != count || category.Length != count || type.Length != count || ts.Length != count || value.Length != count)
        {
            throw reader.Corrupt("event columns of different lengths");
        }

        var events = new EventTable(users, items, categories, count);
        for (var i = 0; i < count; i++)
        {
            events.Add(user[i], item[i], category[i], type[i], ts[i], value[i]);
        }

        if (withTitles)
        {
            var titles = reader.ReadStrings();
            if (titles.Length != 0 && titles.Length != items.Count)
            {
                throw reader.Corrupt($"{titles.Length} item titles for {items.Count} items");
            }

            events.SetItemTitles(titles);
        }

        return events;
    }

    private static IdMap ReadMap(CheckpointFileReader reader)
    {
        var ids = reader.ReadStrings();
        var map = new IdMap(ids.Length);
        for (var key = 0; key < ids.Length; key++)
        {
            if (ids[key] is not { } id || map.GetOrAdd(id) != key)
            {
                throw reader.Corrupt("an id map has a null or repeated id");
            }
        }

        return map;
    }
}
