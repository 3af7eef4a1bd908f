using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

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

        var users = table.Column<string>("user_id");
        var column = table.Column<double>(labelEvent == EventType.Purchase ? BehaviorPredictor.PurchaseModel : BehaviorPredictor.ActiveModel);
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!column.IsNull(r, out var probability) && events.Users.TryGetKey(users[r], out var user))
            {
                result[user] = Math.Clamp(probability, 0, 1);
            }
        }

        return result;
    }
}
