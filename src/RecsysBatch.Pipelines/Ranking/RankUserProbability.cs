using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Each user's probability of doing the label event at all in the horizon, from this run's behavior_predictions: the
/// bound of any one item's probability (P(buy item) ≤ P(buy anything)). p_purchase for the label event purchase;
/// p_active (any event) for cart, click and view, whose events p_purchase does not cover.
/// </summary>
internal static class RankUserProbability
{
    /// <returns>Per user key, the probability; NaN for a user without one (or every user without behavior_predictions).</returns>
    public static double[] From(RunData data, EventTable events, EventType labelEvent)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(events);
        var result = Enumerable.Repeat(double.NaN, events.Users.Count).ToArray();
        if (!data.TryGetOutput(BehaviorTables.BehaviorPredictions.Name, out var table))
        {
            return result;
        }

        var names = table.Schema.DataColumns.Select(c => c.Name).ToList();
        var users = (OutputColumn<string>)table.Columns[names.IndexOf("user_id")];
        var column = (OutputColumn<double>)table.Columns[names.IndexOf(labelEvent == EventType.Purchase ? BehaviorPredictor.PurchaseModel : BehaviorPredictor.ActiveModel)];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!column.IsNull(r) && events.Users.TryGetKey(users.Values[r], out var user))
            {
                result[user] = Math.Clamp(column.Values[r], 0, 1);
            }
        }

        return result;
    }
}
