namespace RecsysBatch.Pipelines.Value;

/// <summary>Maximum-likelihood fit of the BG/NBD parameters on log-parameters, several starts.</summary>
internal static class BgNbdFitter
{
    public sealed record Fit(BgNbdParameters Parameters, double LogLikelihood, int Customers, int StartsConverged)
    {
        /// <summary>True when a parameter ended within 0.01 of the log-parameter box: the data do not pin it down.</summary>
        public bool AtBound => new[] { Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B }
            .Any(v => Math.Abs(Math.Log(v)) > MaximumLikelihood.Bound - 0.01);

        /// <summary>No start met the optimiser's tolerance: the best point found is not shown to be an optimum.</summary>
        public bool NotConverged => StartsConverged == 0;

        /// <summary>
        /// The fit cannot be trusted for dropout: P(alive), clv and the bgnbd prediction rest on parameters the data do
        /// not identify (at a bound, e.g. a → 0 makes everyone immortal) or on a search that did not converge.
        /// </summary>
        public bool Degenerate => AtBound || NotConverged;
    }

    public static Fit Run(IReadOnlyList<double> x, IReadOnlyList<double> tx, IReadOnlyList<double> age, int starts, int seed)
    {
        var groups = RfmGroups.From(x, tx, age);
        if (groups.Count == 0)
        {
            throw new InvalidOperationException("BG/NBD needs at least one customer.");
        }

        // Starting points: r and a, b near 1; alpha on the scale of the customers' mean age, where the
        // likelihood of the rate is centred; then seeded random points around them.
        var meanAge = Math.Max(groups.Age.Select((t, g) => t * groups.Weight[g]).Sum() / groups.Customers, 1e-3);
        var random = new Random(seed);
        var points = new List<double[]>
        {
            new[] { 0.0, Math.Log(meanAge), 0.0, 0.0 },
            new[] { Math.Log(0.25), Math.Log(meanAge / 8), Math.Log(0.8), Math.Log(2.5) },
        };
        while (points.Count < Math.Max(starts, 1))
        {
            points.Add([Uniform(random, -2, 1.5), Math.Log(meanAge) + Uniform(random, -3, 2), Uniform(random, -2, 2), Uniform(random, -2, 2)]);
        }

        var result = MaximumLikelihood.Maximise(theta => BgNbdModel.TotalLogLikelihood(BgNbdParameters.FromLog(theta), groups), points.Take(Math.Max(starts, 1)).ToList());
        return new Fit(BgNbdParameters.FromLog(result.Theta), result.LogLikelihood, (int)groups.Customers, result.StartsConverged);
    }

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
