using MathNet.Numerics;

namespace RecsysBatch.Pipelines.Value;

/// <summary>Maximum-likelihood fit of the Gamma-Gamma parameters on the repeat customers with a known positive mean spend.</summary>
internal static class GammaGammaFitter
{
    public sealed record Fit(GammaGammaParameters Parameters, double LogLikelihood, int Customers, int StartsConverged);

    public static Fit Run(IReadOnlyList<int> x, IReadOnlyList<double> meanSpend, int starts, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(meanSpend);
        var xs = new List<int>();
        var ms = new List<double>();
        for (var i = 0; i < x.Count; i++)
        {
            if (x[i] > 0 && meanSpend[i] > 0 && double.IsFinite(meanSpend[i]))
            {
                xs.Add(x[i]);
                ms.Add(meanSpend[i]);
            }
        }

        if (xs.Count == 0)
        {
            throw new InvalidOperationException("Gamma-Gamma needs at least one repeat customer with a known spend.");
        }

        // The Γ terms depend on x only: computed once per distinct x per evaluation.
        var distinct = xs.Distinct().Order().ToArray();
        var index = xs.Select(v => Array.BinarySearch(distinct, v)).ToArray();
        var logM = ms.Select(m => Math.Log(m)).ToArray();
        var logX = xs.Select(v => Math.Log(v)).ToArray();
        double Total(double[] theta)
        {
            var g = GammaGammaParameters.FromLog(theta);
            var lnGq = SpecialFunctions.GammaLn(g.Q);
            var head = distinct.Select(x => SpecialFunctions.GammaLn((g.P * x) + g.Q) - SpecialFunctions.GammaLn(g.P * x) - lnGq + (g.Q * Math.Log(g.Gamma))).ToArray();
            double sum = 0;
            for (var i = 0; i < xs.Count; i++)
            {
                var px = g.P * xs[i];
                sum += head[index[i]] + ((px - 1) * logM[i]) + (px * logX[i]) - ((px + g.Q) * Math.Log(g.Gamma + (ms[i] * xs[i])));
            }

            return sum;
        }

        // Spend scale: with p and q moderate, E[spend] = p γ / (q − 1), so γ starts on the scale of the mean spend.
        var mean = ms.Average();
        var random = new Random(seed);
        var points = new List<double[]>
        {
            new[] { Math.Log(2.0), Math.Log(3.0), Math.Log(mean) },
            new[] { Math.Log(6.0), Math.Log(4.0), Math.Log(mean / 2) },
        };
        while (points.Count < Math.Max(starts, 1))
        {
            points.Add([Uniform(random, -1, 3), Uniform(random, 0, 3), Math.Log(mean) + Uniform(random, -2, 2)]);
        }

        var result = MaximumLikelihood.Maximise(Total, points.Take(Math.Max(starts, 1)).ToList());
        return new Fit(GammaGammaParameters.FromLog(result.Theta), result.LogLikelihood, xs.Count, result.StartsConverged);
    }

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
