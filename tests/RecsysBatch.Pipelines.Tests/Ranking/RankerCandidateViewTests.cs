using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// Candidates scored as the rank stage scores them: (user, item) pairs whose rows are filled a batch at a time into the
/// session's buffer give the scores of the same rows filled in memory, and the view's getters give those rows.
/// </summary>
[TestClass]
public sealed class RankerCandidateViewTests
{
    private const int BatchSize = 4;

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    [DataRow(9)]
    public void Score_CandidateView_SameScoresAsTheRowsFilledInMemory(int count)
    {
        var contract = RankerContract.Default;
        var filler = Filler(contract);
        var (users, items) = Pairs(count);
        var rows = new RankerBatch(contract, count) { Count = count };
        for (var r = 0; r < count; r++)
        {
            filler.Fill(rows, r, users[r], items[r]);
        }

        var network = Network(contract);
        var expected = new float[count];
        network.Predict(rows, expected);
        using var scorer = new RankerScoringEstimator(RankerOnnxExporter.Export(network, contract), "test", contract, new RankerExecutionOptions { BatchSize = BatchSize })
            .Fit(RankerInputView.Empty(contract));
        var view = new RankerCandidateView(contract, filler, users, items);

        var batched = scorer.Score(view);
        // TakeRows hides the view from the transformer: the rows are read through the view's getters instead.
        var generic = scorer.Score(new MLContext(1).Data.TakeRows(view, count));

        CollectionAssert.AreEqual(scorer.Score(rows), batched, "filled into the buffer = scored in place");
        CollectionAssert.AreEqual(batched, generic, "the getters must give the rows the batches are filled with");
        for (var r = 0; r < count; r++)
        {
            Assert.AreEqual(expected[r], batched[r], 1e-5f, $"row {r}");
        }

        if (count > 4)
        {
            Assert.IsGreaterThan(1e-4f, batched.Max() - batched.Min(), "the rows must not all score the same");
        }
    }

    /// <summary>Three users and four items with history in two categories; user 2 and item 3 are unknown to the factor model.</summary>
    private static RankRowFiller Filler(RankerContract contract)
    {
        var day = EventTableBuilder.Day;
        var builder = new EventTableBuilder();
        for (var k = 0; k < 24; k++)
        {
            builder.Before((k + 1) * day / 3, $"u{k % 3}", $"i{k % 4}", $"c{k % 2}", k % 5 == 0 ? EventType.Purchase : EventType.View);
        }

        var rank = contract.FactorRank;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(3);
        var userFactors = Enumerable.Range(0, 2 * stride).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var itemFactors = Enumerable.Range(0, 3 * stride).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var model = new FactorModel(2, 3, rank, userFactors, itemFactors, 0f, null, null);
        return new RankRowFiller(contract, builder.Build(), EventTableBuilder.CutoffMs, model);
    }

    private static (int[] Users, int[] Items) Pairs(int count) =>
        ([.. Enumerable.Range(0, count).Select(r => r % 3)], [.. Enumerable.Range(0, count).Select(r => (r * 7 / 3) % 4)]);

    private static RankerModel Network(RankerContract contract)
    {
        var a = new RankerArchitecture(contract);
        var parameters = RankerInitializer.Initialize<float>(a, seed: 11);
        var random = new Random(12);
        for (var i = a.B1At; i < a.ParameterCount; i++)
        {
            parameters[i] += (float)((random.NextDouble() - 0.5) * 0.4);
        }

        return new RankerModel(a, parameters);
    }
}
