using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Builds user_interest_evolution and user_interest_drift from the scoring anchor (the snapshot). predicted_share_next
/// is renormalised over the rows published for the user, so a user's shares sum to 1 as shares do.
/// </summary>
internal static class InterestOutputs
{
    public static OutputTable Evolution(EventTable events, CandidateRows rows, double[] predicted, bool hasModel, int topCategories)
    {
        var users = new List<string>();
        var categories = new List<string>();
        var shareLong = new List<double>();
        var shareRecent = new List<double>();
        var next = new List<double>();
        var rank = new List<int>();
        var population = new List<bool>();
        var model = new List<string>();
        for (var i = 0; i < rows.Users.Count; i++)
        {
            var start = rows.UserRowStart[i];
            var ordered = Enumerable.Range(start, rows.UserRowStart[i + 1] - start)
                .OrderByDescending(r => predicted[r]).ThenBy(r => rows.Category[r])
                .Take(topCategories).ToList();
            var listed = ordered.Sum(r => predicted[r]);
            var fallback = !hasModel || rows.Population[i];
            var position = 0;
            foreach (var r in ordered)
            {
                users.Add(events.Users[rows.Users[i]]);
                categories.Add(events.Categories[rows.Category[r]]);
                shareLong.Add(rows.ShareLong[r]);
                shareRecent.Add(rows.ShareRecent[r]);
                next.Add(predicted[r] / listed);
                rank.Add(++position);
                population.Add(fallback);
                model.Add(InterestEvaluation.PredictionName(!fallback));
            }
        }

        return new OutputTable(InterestTables.Evolution,
        [
            new OutputColumn<string>([.. users]),
            new OutputColumn<string>([.. categories]),
            new OutputColumn<double>([.. shareLong]),
            new OutputColumn<double>([.. shareRecent]),
            new OutputColumn<double>([.. next]),
            new OutputColumn<int>([.. rank]),
            new OutputColumn<bool>([.. population]),
            new OutputColumn<string>([.. model]),
        ]);
    }

    public static OutputTable Drift(EventTable events, InterestProfiles profiles)
    {
        var users = new List<string>();
        var js = new List<double>();
        var emerging = new List<string?>();
        var fading = new List<string?>();
        var recent = new List<int>();
        var longTerm = new List<int>();
        for (var u = 0; u < profiles.Users; u++)
        {
            if (profiles.UserStart[u + 1] == profiles.UserStart[u])
            {
                continue;
            }

            var drift = InterestDrift.Of(profiles, u);
            users.Add(events.Users[u]);
            js.Add(drift.DriftJs);
            emerging.Add(drift.Emerging == InterestDrift.None ? null : events.Categories[drift.Emerging]);
            fading.Add(drift.Fading == InterestDrift.None ? null : events.Categories[drift.Fading]);
            recent.Add(profiles.EventsRecent[u]);
            longTerm.Add(profiles.EventsLong[u]);
        }

        return new OutputTable(InterestTables.Drift,
        [
            new OutputColumn<string>([.. users]),
            new OutputColumn<double>([.. js]),
            new OutputColumn<string?>([.. emerging]),
            new OutputColumn<string?>([.. fading]),
            new OutputColumn<int>([.. recent]),
            new OutputColumn<int>([.. longTerm]),
        ]);
    }
}
