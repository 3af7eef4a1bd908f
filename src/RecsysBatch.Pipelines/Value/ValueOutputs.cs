using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Value;

/// <summary>Builds user_value_scores from the scoring fit and the chosen predictions.</summary>
internal static class ValueOutputs
{
    public static OutputTable Scores(EventTable events, ProbabilisticScores fit, double[] predicted, string model, bool revenue, ValueOptions options)
    {
        var rfm = fit.Rfm;
        var ids = rfm.UserKeys.Select(u => events.Users[u]).ToArray();
        var tiers = ValueTiers.Assign(predicted, ids, options.TierAShare, options.TierBShare);
        var target = revenue ? "revenue" : "purchase_days";
        return new OutputTable(ValueTables.UserValueScores,
        [
            new OutputColumn<string>(ids),
            new OutputColumn<string>([.. Enumerable.Repeat(target, rfm.Count)]),
            new OutputColumn<double>(predicted),
            new OutputColumn<double>(fit.ExpectedPurchases),
            new OutputColumn<double>(fit.PAlive),
            new OutputColumn<double>(fit.ExpectedSpend),
            new OutputColumn<double>(fit.Clv),
            new OutputColumn<string>(tiers),
            new OutputColumn<string>([.. Enumerable.Repeat(model, rfm.Count)]),
        ]);
    }
}
