namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Nelder-Mead minimisation inside a box: every trial point is projected onto [lower, upper] in each coordinate.
/// Unlike MathNet's simplex it returns the best point found when the iteration budget runs out (on a flat ridge,
/// where a parameter runs to its bound, that point is the answer, not a failure).
/// </summary>
internal static class BoundedNelderMead
{
    public sealed record Result(double[] Point, double Value, bool Converged);

    public static Result Minimise(Func<double[], double> f, double[] start, double lower, double upper, double step = 0.5, int maxIterations = 3000, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        var n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        points[0] = Project(start, lower, upper);
        for (var i = 1; i <= n; i++)
        {
            var p = (double[])points[0].Clone();
            p[i - 1] += p[i - 1] + step > upper ? -step : step;
            points[i] = p;
        }

        for (var i = 0; i <= n; i++)
        {
            values[i] = Evaluate(f, points[i]);
        }

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            points = [.. order.Select(i => points[i])];
            values = [.. order.Select(i => values[i])];
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance) && Size(points) < 1e-7)
            {
                return new Result(points[0], values[0], true);
            }

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < n; d++)
                {
                    centroid[d] += points[i][d] / n;
                }
            }

            var reflected = Along(centroid, points[n], -1, lower, upper);
            var fr = Evaluate(f, reflected);
            if (fr < values[0])
            {
                var expanded = Along(centroid, points[n], -2, lower, upper);
                var fe = Evaluate(f, expanded);
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (points[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = fr < values[n] ? Along(centroid, reflected, 0.5, lower, upper) : Along(centroid, points[n], 0.5, lower, upper);
                var fc = Evaluate(f, contracted);
                if (fc < Math.Min(fr, values[n]))
                {
                    (points[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        points[i] = Along(points[0], points[i], 0.5, lower, upper);
                        values[i] = Evaluate(f, points[i]);
                    }
                }
            }
        }

        var best = Array.IndexOf(values, values.Min());
        return new Result(points[best], values[best], false);
    }

    /// <summary>centroid + t (point − centroid), projected on the box.</summary>
    private static double[] Along(double[] centroid, double[] point, double t, double lower, double upper) =>
        Project([.. centroid.Select((c, d) => c + (t * (point[d] - c)))], lower, upper);

    private static double[] Project(double[] point, double lower, double upper) => [.. point.Select(v => Math.Clamp(v, lower, upper))];

    private static double Evaluate(Func<double[], double> f, double[] point)
    {
        var value = f(point);
        return double.IsNaN(value) ? double.PositiveInfinity : value;
    }

    private static double Size(double[][] points) =>
        points.Skip(1).Max(p => p.Select((v, d) => Math.Abs(v - points[0][d])).Max());
}
