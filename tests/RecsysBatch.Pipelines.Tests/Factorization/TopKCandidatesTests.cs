using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class TopKCandidatesTests
{
    /// <summary>
    /// Appends in ascending column order as the scorer does (chunks of at most one tile width, only scores strictly
    /// above the row's threshold, which each selection raises) and checks the K best against a sort of every offered
    /// cell, score descending then column ascending. Scores come from a handful of values, -0 and +0 among them, so
    /// the K-th best is tied at most selections (the key path) and unique at others (the bisection path); capacities
    /// that are not a multiple of 16 and k above the cells offered are covered.
    /// </summary>
    [TestMethod]
    [DataRow(5, 16, 22, 300, 4, DisplayName = "k 5, width 16, tiny buffer, 4 distinct values")]
    [DataRow(30, 16, 92, 2000, 7, DisplayName = "k 30, width 16, default buffer, 7 distinct values")]
    [DataRow(12, 8, 21, 1000, 1000, DisplayName = "k 12, width 8, tiny buffer, mostly distinct values")]
    [DataRow(100, 16, 232, 5000, 50, DisplayName = "k 100, width 16, default buffer, 50 distinct values")]
    [DataRow(50, 16, 67, 40, 3, DisplayName = "k 50 > 40 cells offered")]
    public void Finish_AfterAppendsAndSelections_SameAsSortingEveryCell(int k, int width, int capacity, int cells, int distinct)
    {
        const int rows = 3;
        var random = new Random(k + cells);
        var values = Enumerable.Range(0, distinct).Select(i => i == 0 ? -0f : i == 1 ? 0f : (float)(random.NextDouble() - 0.5)).ToArray();
        var candidates = new TopKCandidates(rows, k, capacity, width);
        candidates.Clear(rows);
        var result = new TopKResult(rows, k);
        for (var row = 0; row < rows; row++)
        {
            var offered = Enumerable.Range(0, cells).Select(c => (Column: c, Score: values[random.Next(distinct)])).ToArray();
            var threshold = float.NegativeInfinity;
            for (var start = 0; start < cells; start += width)
            {
                var chunk = offered.Skip(start).Take(width).Where(x => x.Score > threshold).ToArray();
                var scores = candidates.ScoreTail(row);
                var columns = candidates.ColumnTail(row);
                for (var i = 0; i < chunk.Length; i++)
                {
                    scores[i] = chunk[i].Score;
                    columns[i] = chunk[i].Column;
                }

                if (candidates.Added(row, chunk.Length) is { } raised)
                {
                    Assert.IsGreaterThanOrEqualTo(threshold, raised, $"row {row}: a selection never lowers the threshold");
                    threshold = raised;
                }
            }

            candidates.Finish(row, result, row);
            var expected = offered.OrderByDescending(x => x.Score).ThenBy(x => x.Column).Take(k).ToArray();
            CollectionAssert.AreEqual(expected.Select(x => x.Column).ToArray(), result.Columns(row).ToArray(), $"row {row}");
            CollectionAssert.AreEqual(expected.Select(x => x.Score).ToArray(), result.Scores(row).ToArray(), $"row {row}");
        }
    }
}
