using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Scores the factorize candidates of the snapshot through the ONNX session and keeps the top N per user.</summary>
internal static class RankRecommendations
{
    /// <param name="includeUser">Which users (dense keys) to score, e.g. one shard's; null → all.</param>
    public static (OutputTable Table, int ScoredRows) Build(OutputTable candidates, EventTable events, RankRowFiller filler, OnnxRankerSession session, int topN, string modelVersion, Func<int, bool>? includeUser = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(filler);
        ArgumentNullException.ThrowIfNull(session);
        var names = candidates.Schema.DataColumns.Select(c => c.Name).ToList();
        var userIds = Values<string>(candidates, names, "user_id");
        var itemIds = Values<string>(candidates, names, "item_id");
        var mfScores = Values<double>(candidates, names, "score");
        var rowUser = new List<int>();
        var rowItem = new List<int>();
        var rowMf = new List<double>();
        for (var r = 0; r < candidates.RowCount; r++)
        {
            if (events.Users.TryGetKey(userIds[r], out var user) && events.Items.TryGetKey(itemIds[r], out var item)
                && (includeUser is null || includeUser(user)))
            {
                rowUser.Add(user);
                rowItem.Add(item);
                rowMf.Add(mfScores[r]);
            }
        }

        var scores = new float[rowUser.Count];
        var buffer = session.Buffer;
        for (var first = 0; first < rowUser.Count; first += session.BatchSize)
        {
            var n = Math.Min(session.BatchSize, rowUser.Count - first);
            for (var r = 0; r < n; r++)
            {
                filler.Fill(buffer, r, rowUser[first + r], rowItem[first + r]);
            }

            buffer.Count = n;
            session.Run().CopyTo(scores.AsSpan(first, n));
        }

        var outUser = new List<string>();
        var outRank = new List<int>();
        var outItem = new List<string>();
        var outMf = new List<double>();
        var outScore = new List<double>();
        var start = 0;
        while (start < rowUser.Count)
        {
            var end = start;
            while (end < rowUser.Count && rowUser[end] == rowUser[start])
            {
                end++;
            }

            // Stable: equal scores keep the factorize order.
            var ranked = Enumerable.Range(start, end - start).OrderByDescending(r => scores[r]).Take(topN).ToArray();
            for (var k = 0; k < ranked.Length; k++)
            {
                var r = ranked[k];
                outUser.Add(events.Users[rowUser[r]]);
                outRank.Add(k + 1);
                outItem.Add(events.Items[rowItem[r]]);
                outMf.Add(rowMf[r]);
                outScore.Add(scores[r]);
            }

            start = end;
        }

        var table = new OutputTable(RankTables.Recommendations,
        [
            new OutputColumn<string>([.. outUser]),
            new OutputColumn<int>([.. outRank]),
            new OutputColumn<string>([.. outItem]),
            new OutputColumn<double>([.. outMf]),
            new OutputColumn<double>([.. outScore]),
            new OutputColumn<string>([.. outUser.Select(_ => modelVersion)]),
        ]);
        return (table, rowUser.Count);
    }

    private static T[] Values<T>(OutputTable table, List<string> names, string column)
    {
        var at = names.IndexOf(column);
        return at >= 0 && table.Columns[at] is OutputColumn<T> typed
            ? typed.Values
            : throw new RecsysException($"rank: the candidates table has no {typeof(T).Name} column '{column}'.");
    }
}
