using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Rating cells from a planted model, for the MF benchmarks: users uniform, items with a skewed (power-law-like)
/// popularity, label = clamp(round(3.5 + p·q + noise), 1, 5) with planted rank-8 tastes (explicit), or an event
/// weight 1..5 (implicit). Duplicated cells can occur, as in real logs.
/// </summary>
internal static class SyntheticRatings
{
    public static RatingMatrix Explicit(int users, int items, long count, int seed)
    {
        const int planted = 8;
        var random = new Random(seed);
        var p = Gaussian(users * planted, 0.45, random);
        var q = Gaussian(items * planted, 0.45, random);
        var user = new int[count];
        var item = new int[count];
        var label = new float[count];
        for (long j = 0; j < count; j++)
        {
            var u = random.Next(users);
            var i = SkewedItem(items, random);
            var dot = 0.0;
            for (var c = 0; c < planted; c++)
            {
                dot += p[(u * planted) + c] * q[(i * planted) + c];
            }

            user[j] = u;
            item[j] = i;
            label[j] = (float)Math.Clamp(Math.Round(3.5 + dot + (0.5 * Normal(random))), 1, 5);
        }

        return new RatingMatrix(users, items, user, item, label);
    }

    public static RatingMatrix Implicit(int users, int items, long count, int seed)
    {
        var random = new Random(seed);
        var user = new int[count];
        var item = new int[count];
        var label = new float[count];
        for (long j = 0; j < count; j++)
        {
            user[j] = random.Next(users);
            item[j] = SkewedItem(items, random);
            label[j] = 1 + random.Next(5);
        }

        return new RatingMatrix(users, items, user, item, label);
    }

    private static int SkewedItem(int items, Random random)
    {
        var x = random.NextDouble();
        return (int)(items * x * x);
    }

    private static double[] Gaussian(int n, double scale, Random random)
    {
        var v = new double[n];
        for (var j = 0; j < n; j++)
        {
            v[j] = scale * Normal(random);
        }

        return v;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
