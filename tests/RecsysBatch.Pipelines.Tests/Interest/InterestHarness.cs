using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Interest;

namespace RecsysBatch.Pipelines.Tests.Interest;

/// <summary>Runs the real interest stage on a table as the runner would (CannotApplyReason, then RunAsync).</summary>
internal static class InterestHarness
{
    public static StageContext Context(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 7) =>
        StageHarness.Context(InterestStage.StageName, events, snapshot, artifactsDirectory, options, horizonDays);

    public static StageContext Run(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 7) =>
        StageHarness.Run(new InterestStage(NullLogger<InterestStage>.Instance), Context(events, snapshot, artifactsDirectory, options, horizonDays));

    public static double Metric(StageContext context, string model, string metric) =>
        StageHarness.Metric(context, InterestStage.StageName, model, metric);

    /// <summary>Area under the ROC curve of <paramref name="scores"/> separating the positives (ties count half).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        double pairs = 0, wins = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            for (var j = 0; j < scores.Count; j++)
            {
                if (positive[i] && !positive[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }
}
