using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Interest;

namespace RecsysBatch.Pipelines.Tests.Interest;

/// <summary>Runs the real interest stage on a table as the runner would (CannotApplyReason, then RunAsync).</summary>
internal static class InterestHarness
{
    public static StageContext Context(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 7)
    {
        var stage = new StageDefinition(InterestStage.StageName, options is null ? default : JsonDocument.Parse(options).RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "test",
            FilePath = Path.Combine(artifactsDirectory, "test.pipeline.json"),
            HorizonDays = horizonDays,
            Sources = [],
            Stages = [stage],
        };
        return new StageContext("run-1", pipeline, snapshot, 42, artifactsDirectory, new RunData { Events = events }) { Stage = stage };
    }

    public static StageContext Run(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 7)
    {
        var context = Context(events, snapshot, artifactsDirectory, options, horizonDays);
        var stage = new InterestStage(NullLogger<InterestStage>.Instance);
        Assert.IsNull(stage.CannotApplyReason(context));
        stage.RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return context;
    }

    public static double Metric(StageContext context, string model, string metric) =>
        context.Data.Metrics.Single(m => m.Stage == InterestStage.StageName && m.Model == model && m.Metric == metric).Value;

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
