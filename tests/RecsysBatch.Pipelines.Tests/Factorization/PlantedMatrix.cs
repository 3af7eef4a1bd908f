using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// A planted low-rank rating matrix: r = 3.5 + bu + bi + pu·qi + noise with known factors, a random share of the
/// cells observed for training and the rest held out, so recovery is measured on cells the trainer never saw.
/// </summary>
internal sealed class PlantedMatrix
{
    public PlantedMatrix(int users, int items, int rank, double observed, double noise, int seed)
    {
        var random = new Random(seed);
        var p = Normal(random, users * rank, 0.6);
        var q = Normal(random, items * rank, 0.6);
        var bu = Normal(random, users, 0.3);
        var bi = Normal(random, items, 0.3);
        var train = (User: new List<int>(), Item: new List<int>(), Label: new List<float>());
        var test = (User: new List<int>(), Item: new List<int>(), Label: new List<float>());
        for (var u = 0; u < users; u++)
        {
            for (var i = 0; i < items; i++)
            {
                var truth = 3.5 + bu[u] + bi[i];
                for (var c = 0; c < rank; c++)
                {
                    truth += p[(u * rank) + c] * q[(i * rank) + c];
                }

                var target = random.NextDouble() < observed ? train : test;
                target.User.Add(u);
                target.Item.Add(i);
                target.Label.Add((float)(truth + (noise * Normal(random, 1, 1)[0])));
            }
        }

        Train = new RatingMatrix(users, items, [.. train.User], [.. train.Item], [.. train.Label]);
        Test = new RatingMatrix(users, items, [.. test.User], [.. test.Item], [.. test.Label]);
    }

    public RatingMatrix Train { get; }

    public RatingMatrix Test { get; }

    public static double Rmse(FactorModel model, RatingMatrix cells)
    {
        var se = 0.0;
        for (var j = 0; j < cells.Count; j++)
        {
            var e = model.Score(cells.User[j], cells.Item[j]) - cells.Label[j];
            se += e * e;
        }

        return Math.Sqrt(se / cells.Count);
    }

    /// <summary>RMSE of the best model without interactions (mean + biases fitted on the training cells by averaging).</summary>
    public static double StandardDeviation(RatingMatrix cells)
    {
        var mean = cells.Label.Average(v => (double)v);
        return Math.Sqrt(cells.Label.Average(v => (v - mean) * (v - mean)));
    }

    private static double[] Normal(Random random, int count, double scale)
    {
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }
}
