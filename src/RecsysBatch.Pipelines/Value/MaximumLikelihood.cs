namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Maximises a log-likelihood over log-parameters inside the box |theta_i| &lt;= <see cref="Bound"/> (every parameter in
/// [e^-12, e^12]) with <see cref="BoundedNelderMead"/> from several starting points, then restarts from the best
/// optimum (a fresh simplex there checks it and repairs a simplex that collapsed early).
/// </summary>
internal static class MaximumLikelihood
{
    public const double Bound = 12;

    public sealed record Result(double[] Theta, double LogLikelihood, int StartsConverged);

    public static Result Maximise(Func<double[], double> logLikelihood, IReadOnlyList<double[]> starts)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        ArgumentNullException.ThrowIfNull(starts);
        double Negative(double[] theta)
        {
            var ll = logLikelihood(theta);
            return double.IsFinite(ll) ? -ll : double.PositiveInfinity;
        }

        BoundedNelderMead.Result? best = null;
        var converged = 0;
        foreach (var start in starts)
        {
            var result = BoundedNelderMead.Minimise(Negative, start, -Bound, Bound);
            converged += result.Converged ? 1 : 0;
            if (double.IsFinite(result.Value) && (best is null || result.Value < best.Value))
            {
                best = result;
            }
        }

        if (best is null)
        {
            throw new InvalidOperationException("The log-likelihood is not finite at any point the optimiser tried.");
        }

        var polished = BoundedNelderMead.Minimise(Negative, best.Point, -Bound, Bound, step: 0.05);
        if (polished.Value < best.Value)
        {
            best = polished;
        }

        return new Result(best.Point, -best.Value, converged);
    }
}
