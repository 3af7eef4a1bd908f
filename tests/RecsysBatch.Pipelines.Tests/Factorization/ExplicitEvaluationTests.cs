using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class ExplicitEvaluationTests
{
    [TestMethod]
    public void Evaluate_PlantedRatingsSplitInTime_MfBeatsBiasBaseline()
    {
        var planted = new PlantedMatrix(users: 150, items: 100, rank: 3, observed: 0.4, noise: 0.2, seed: 8);
        var events = new EventTable();
        for (var u = 0; u < 150; u++)
        {
            events.Users.GetOrAdd($"u{u}");
        }

        for (var i = 0; i < 100; i++)
        {
            events.Items.GetOrAdd($"i{i}");
        }

        var cutoff = EventTableBuilder.CutoffMs;
        var day = EventTableBuilder.Day;
        foreach (var (cells, age) in new[] { (planted.Train, 20 * day), (planted.Test, 3 * day) })
        {
            for (var j = 0; j < cells.Count; j += age == 3 * day ? 10 : 1)
            {
                events.Add(cells.User[j], cells.Item[j], EventTable.NoKey, EventType.Rating, cutoff - age, cells.Label[j]);
            }
        }

        var metrics = ExplicitEvaluation.Evaluate(events, cutoff - (7 * day), cutoff, threads: 2, seed: 3);
        double Value(string model, string metric) => metrics.Single(m => m.Model == model && m.Metric == metric).Value;

        Assert.AreEqual(Math.Ceiling(planted.Test.Count / 10.0), Value("explicit_holdout", "ratings"));
        Assert.IsLessThan(0.75 * Value("bias_baseline", "rmse"), Value("mf_explicit", "rmse"));
        Assert.IsLessThan(Value("bias_baseline", "mae"), Value("mf_explicit", "mae"));
    }
}
