using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Interest;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Interest;

/// <summary>Issue 15 item 6: the population fallback is published under its own name, and predicted shares are shares.</summary>
[TestClass]
public sealed class InterestHonestyTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    public void RunAsync_TooFewRowsForAnyModel_FallbackLabelledPopulation()
    {
        using var folder = new TempFolder();

        // Four users on three categories over 40 days: far fewer candidate rows than NextWindowTraining.MinRows.
        var builder = new EventTableBuilder();
        for (var u = 0; u < 4; u++)
        {
            for (var d = 1; d <= 40; d += 3)
            {
                builder.Before((d + u) * Day, $"u{u}", "i", $"c{(d + u) % 3}", EventType.View);
            }
        }

        var context = InterestHarness.Run(builder.Build(), EventTableBuilder.Snapshot, folder.Path);

        var evolution = Output(context, InterestTables.Evolution);
        Assert.IsGreaterThan(0, evolution.RowCount);
        for (var r = 0; r < evolution.RowCount; r++)
        {
            Assert.AreEqual(InterestEvaluation.PopulationFallback, Cell(evolution, "model", r));
            Assert.IsTrue((bool)Cell(evolution, "population_prediction", r)!);
        }

        var figures = context.Data.Metrics.Where(m => m.Stage == InterestStage.StageName && m.Metric == "ndcg@5").Select(m => m.Model).ToList();
        CollectionAssert.Contains(figures, InterestEvaluation.PopulationFallback);
        CollectionAssert.DoesNotContain(figures, NextWindowModel.Name);
        var note = context.Data.Notes.Single();
        Assert.DoesNotContain("vs best baseline", note);
        StringAssert.Contains(note, "population");
    }

    [TestMethod]
    public void RunAsync_ModelTrainedAndTopCategoriesCut_SharesSumToOnePerUser()
    {
        using var folder = new TempFolder();
        var events = SyntheticEvents.Create(users: 80, items: 40, categories: 8, events: 4000, seed: 3);

        var context = InterestHarness.Run(events, EventTableBuilder.Snapshot, folder.Path, """{ "topCategories": 3 }""");

        var evolution = Output(context, InterestTables.Evolution);
        var byUser = Enumerable.Range(0, evolution.RowCount).GroupBy(r => (string?)Cell(evolution, "user_id", r)).ToList();
        Assert.IsGreaterThan(50, byUser.Count);
        Assert.IsTrue(byUser.Any(g => g.Count() == 3), "some users have more candidates than are listed");
        foreach (var user in byUser)
        {
            Assert.AreEqual(1.0, user.Sum(r => (double)Cell(evolution, "predicted_share_next", r)!), 1e-9, user.Key);
        }

        Assert.AreEqual(NextWindowModel.Name, Cell(evolution, "model", 0));
        Assert.IsGreaterThan(0, InterestHarness.Metric(context, NextWindowModel.Name, "ndcg@5"));
    }
}
