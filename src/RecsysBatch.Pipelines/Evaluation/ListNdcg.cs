namespace RecsysBatch.Pipelines.Evaluation;

/// <summary>
/// Mean NDCG@k of per-user lists (binary relevance): each user's labelled rows ordered by a score, DCG over the ideal
/// DCG of min(k, positives) hits on top, averaged over the users with a positive. Tied scores get the expected DCG
/// over every order of the tie (each tied row gets the mean discount of the places the tie spans), so a score that
/// cannot tell rows apart (popularity ties, constant scores) earns no credit from the rows' stored order.
/// </summary>
internal static class ListNdcg
{
    public static (double Ndcg, int Users) Mean(float[] scores, float[] labels, int[] users, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(users);
        var lists = new Dictionary<int, List<int>>();
        for (var r = 0; r < scores.Length; r++)
        {
            if (!lists.TryGetValue(users[r], out var list))
            {
                lists[users[r]] = list = [];
            }

            list.Add(r);
        }

        double sum = 0;
        var counted = 0;
        foreach (var rows in lists.Values)
        {
            var positives = 0;
            foreach (var r in rows)
            {
                positives += labels[r] > 0 ? 1 : 0;
            }

            if (positives == 0)
            {
                continue;
            }

            var order = rows.Select(r => (Row: r, Score: scores[r])).OrderByDescending(x => x.Score).ToArray();
            double dcg = 0;
            var start = 0;
            while (start < order.Length && start < k)
            {
                var end = start;
                while (end + 1 < order.Length && order[end + 1].Score == order[start].Score)
                {
                    end++;
                }

                double discount = 0;
                for (var place = start; place <= end && place < k; place++)
                {
                    discount += Metrics.Discount(place);
                }

                var hits = 0;
                for (var j = start; j <= end; j++)
                {
                    hits += labels[order[j].Row] > 0 ? 1 : 0;
                }

                dcg += hits * discount / (end - start + 1);
                start = end + 1;
            }

            sum += dcg / Metrics.IdealDcg(k, positives);
            counted++;
        }

        return (counted == 0 ? double.NaN : sum / counted, counted);
    }
}
