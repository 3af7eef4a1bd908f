using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The canonical events in tables <c>events</c> (one row per event, in table order), <c>event_users</c>,
/// <c>event_items</c> (with the titles) and <c>event_categories</c> (the id maps, key to id), and
/// <c>event_table</c> (one row while the working store holds events, naming the stage that saved them). Replaced as a whole when a stage replaces them.
/// </summary>
internal static class EventRows
{
    public static void Replace(DuckDBConnection connection, EventTable? events, string stage)
    {
        foreach (var table in new[] { "event_table", "events", "event_users", "event_items", "event_categories" })
        {
            CheckpointSql.Execute(connection, $"DELETE FROM {table}");
        }

        if (events is null)
        {
            return;
        }

        CheckpointSql.Execute(connection, "INSERT INTO event_table VALUES ($1, $2, $3)", events.Count, events.HasItemTitles, stage);
        AppendMap(connection, "event_users", events.Users, null);
        AppendMap(connection, "event_items", events.Items, events.HasItemTitles ? events.ItemTitle : null);
        AppendMap(connection, "event_categories", events.Categories, null);
        using var appender = connection.CreateAppender("events");
        for (var i = 0; i < events.Count; i++)
        {
            appender.CreateRow()
                .AppendValue(events.UserKey[i])
                .AppendValue(events.ItemKey[i])
                .AppendValue(events.CategoryKey[i])
                .AppendValue((byte)events.Type[i])
                .AppendValue(events.TimestampMs[i])
                .AppendValue(events.Value[i])
                .EndRow();
        }

        appender.Close();
    }

    /// <summary>The events the file holds, or null when it holds none.</summary>
    public static EventTable? Read(DuckDBConnection connection, string path)
    {
        bool titled;
        int count;
        using (var head = CheckpointSql.Query(connection, "SELECT events, has_item_titles FROM event_table"))
        {
            if (!head.Read())
            {
                return null;
            }

            count = head.GetInt32(0);
            titled = head.GetBoolean(1);
        }

        var titles = new List<string?>();
        var users = ReadMap(connection, path, "event_users", null);
        var items = ReadMap(connection, path, "event_items", titled ? titles : null);
        var categories = ReadMap(connection, path, "event_categories", null);
        var events = new EventTable(users, items, categories, Math.Max(count, 1));
        using (var rows = CheckpointSql.Query(connection, "SELECT user_key, item_key, category_key, type, ts_ms, value FROM events"))
        {
            while (rows.Read())
            {
                events.Add(rows.GetInt32(0), rows.GetInt32(1), rows.GetInt32(2), (EventType)rows.GetByte(3), rows.GetInt64(4), rows.GetDouble(5));
            }
        }

        if (events.Count != count)
        {
            throw new RecsysException($"{path}: corrupt checkpoint: table events holds {events.Count} rows, event_table says {count}.");
        }

        if (titled)
        {
            events.SetItemTitles(titles);
        }

        return events;
    }

    private static void AppendMap(DuckDBConnection connection, string table, IdMap map, Func<int, string?>? title)
    {
        using var appender = connection.CreateAppender(table);
        for (var key = 0; key < map.Count; key++)
        {
            var row = appender.CreateRow().AppendValue(key).AppendValue(map[key]);
            if (title is not null)
            {
                row.AppendValue(title(key));
            }
            else if (table == "event_items")
            {
                row.AppendNullValue();
            }

            row.EndRow();
        }

        appender.Close();
    }

    private static IdMap ReadMap(DuckDBConnection connection, string path, string table, List<string?>? titles)
    {
        var map = new IdMap();
        var columns = table == "event_items" ? "key, id, title" : "key, id";
        using var rows = CheckpointSql.Query(connection, $"SELECT {columns} FROM {table} ORDER BY key");
        while (rows.Read())
        {
            if (map.GetOrAdd(rows.GetString(1)) != rows.GetInt32(0))
            {
                throw new RecsysException($"{path}: corrupt checkpoint: {table} has a gap or a repeated id at key {rows.GetInt32(0)}.");
            }

            titles?.Add(rows.IsDBNull(2) ? null : rows.GetString(2));
        }

        return map;
    }
}
