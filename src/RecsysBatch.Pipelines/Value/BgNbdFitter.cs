namespace RecsysBatch.Pipelines.Value;

/// <summary>Maximum-likelihood fit of the BG/NBD parameters on log-parameters, several starts.</summary>
internal static class BgNbdFitter
{
    public sealed record Fit(BgNbdParameters Parameters, double LogLikelihood, int Customers, int StartsConverged)
    {
        /// <summary>
        /// How near the log-parameter box counts as at it: Nelder–Mead on a flat ridge stops short of the wall (the
        /// Online Retail preset's a ended at e^-11.94 = 6.5e-6 with P(alive) 1.0 for everyone, just inside a 0.01
        /// tolerance), so within a factor e^0.5 of the bound (below 1.0e-5 or above 98,700) is at it.
        /// </summary>
        public const double BoundTolerance = 0.5;

        /// <summary>True when a parameter ended within <see cref="BoundTolerance"/> of the log-parameter box: the data do not pin it down.</summary>
        public bool AtBound => new[] { Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B }
            .Any(v => Math.Abs(Math.Log(v)) > MaximumLikelihood.Bound - BoundTolerance);

        /// <summary>No start met the optimiser's tolerance: the best point found is not shown to be an optimum.</summary>
        public bool NotConverged => StartsConverged == 0;

        /// <summary>
        /// The homogeneous-dropout limit: a and b both beyond e^(Bound/2) (about 400) with one of them at the bound, r and
        /// alpha inside the box. The likelihood runs along a ridge a, b → ∞ with a/(a+b) fixed: Beta(a, b) tends to a
        /// point mass at <see cref="DropoutP"/> (its standard deviation is below 0.025 there), i.e. every customer drops
        /// out after a repeat purchase with the same probability. Unlike a → 0 (no dropout seen, P(alive) = 1 for
        /// everyone) or b → 0 / a → ∞ alone, P(alive) and E[Y(t)] are well defined in this limit, and the fitted
        /// parameters give them (the BG/NBD formulas at such a, b agree with the point-mass closed forms).
        /// </summary>
        public bool HomogeneousDropout => AtBound && !NotConverged
            && Math.Log(Parameters.A) >= MaximumLikelihood.Bound / 2 && Math.Log(Parameters.B) >= MaximumLikelihood.Bound / 2
            && new[] { Parameters.R, Parameters.Alpha }.All(v => Math.Abs(Math.Log(v)) <= MaximumLikelihood.Bound - BoundTolerance);

        /// <summary>A parameter at the bound other than the homogeneous-dropout limit (flag bgnbd_at_bound).</summary>
        public bool AtBoundUnidentified => AtBound && !HomogeneousDropout;

        /// <summary>Mean dropout probability after a repeat purchase, a/(a+b): the common p in the homogeneous limit.</summary>
        public double DropoutP => Parameters.A / (Parameters.A + Parameters.B);

        /// <summary>
        /// The fit cannot be trusted for dropout: P(alive), clv and the bgnbd prediction rest on parameters the data do
        /// not identify (at a bound other than the homogeneous-dropout limit, e.g. a → 0 makes everyone immortal) or on
        /// a search that did not converge.
        /// </summary>
        public bool Degenerate => AtBoundUnidentified || NotConverged;
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
