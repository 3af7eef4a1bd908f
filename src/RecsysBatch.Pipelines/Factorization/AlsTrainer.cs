namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Implicit-feedback trainer: weighted ALS of Hu, Koren and Volinsky (2008). Cell (u, i) has preference 1 and
/// confidence 1 + Alpha·w when observed with weight w, preference C and confidence 1 otherwise. Each row solve
/// uses a few conjugate-gradient steps warm-started from the previous sweep (Takács et al. 2011), so a sweep
/// costs O(nnz·k·steps + rows·k²) and never forms a k×k system per row. Rows are solved independently from
/// read-only other-side factors, so the result does not depend on the thread count. The user rows end with one exact
/// solve against the final item factors (<see cref="ExactUserSolver"/>), which the explanations rely on.
/// </summary>
internal static class AlsTrainer
{
    public static FactorModel Train(RatingMatrix data, MatrixFactorizationOptions options, TrainingTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        data.Validate(options);
        var byUser = SparseRows.Build(data.Users, data.User, data.Item, data.Label);
        var byItem = byUser.Transpose(data.Items);
        var rank = options.ApproximationRank;
        var stride = FactorMath.StrideFor(rank);
        var (x, y) = InitialFactors(data.Users, data.Items, options);
        var solver = new AlsRowSolver(options, stride);
        for (var sweep = 0; sweep < options.NumberOfIterations; sweep++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            solver.SolveAll(byUser, x, y, data.Items);
            solver.SolveAll(byItem, y, x, data.Users);
            if (trace is not null)
            {
                // The objective costs about one more half-sweep, so it is computed only when asked for.
                var seconds = clock.Elapsed.TotalSeconds;
                trace.Add(Objective(byUser, x, y, data, options, stride), seconds);
            }
        }

        if (!options.NonNegative)
        {
            // The CG iterate of the last user half-sweep was solved against the item factors before the last item
            // half-sweep; one exact user solve against the final ones makes every score x_u·y_i split exactly into
            // contributions of the user's seen items (AlsExplainer). A projected (non-negative) model has no such split.
            new ExactUserSolver(y, data.Items, rank, stride, options.Lambda, options.Alpha, options.C).SolveAll(byUser, x, options.ResolvedThreads);
        }

        return new FactorModel(data.Users, data.Items, rank, x, y, 0f, null, null);
    }

    /// <summary>
    /// The seeded initial factors of <see cref="Train"/> (user rows, then item rows, drawn from one generator seeded
    /// with <see cref="MatrixFactorizationOptions.Seed"/>), padded to the SIMD stride.
    /// </summary>
    public static (float[] X, float[] Y) InitialFactors(int users, int items, MatrixFactorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rank = options.ApproximationRank;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(options.Seed);
        var x = new float[users * stride];
        var y = new float[items * stride];
        FactorMath.Initialize(x, users, rank, stride, options.InitialScale, random);
        FactorMath.Initialize(y, items, rank, stride, options.InitialScale, random);
        return (x, y);
    }

    /// <summary>
    /// The λ/α search's training step: <see cref="MatrixFactorizationOptions.NumberOfIterations"/> sweeps that continue
    /// from <paramref name="x"/> and <paramref name="y"/> in place (a cold start from <see cref="InitialFactors"/> or a
    /// warm start from a neighbouring point's factors), then one more user half-sweep against the final item factors
    /// instead of <see cref="Train"/>'s exact user solve: a search model is only scored, never explained, and the CG
    /// half-sweep ranks like the exact solve at a fraction of its cost. The caller validates the options and builds
    /// <paramref name="byUser"/> and <paramref name="byItem"/> once for every point.
    /// </summary>
    public static void Continue(SparseRows byUser, SparseRows byItem, float[] x, float[] y, MatrixFactorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(byUser);
        ArgumentNullException.ThrowIfNull(byItem);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        var solver = new AlsRowSolver(options, FactorMath.StrideFor(options.ApproximationRank));
        for (var sweep = 0; sweep < options.NumberOfIterations; sweep++)
        {
            solver.SolveAll(byUser, x, y, byItem.Rows);
            solver.SolveAll(byItem, y, x, byUser.Rows);
        }

        solver.SolveAll(byUser, x, y, byItem.Rows);
    }

    /// <summary>
    /// The full weighted objective Σ c (p − x·y)² + λ(‖X‖² + ‖Y‖²) over every cell, computed without visiting the
    /// unobserved cells: Σ_all (C − x·y)² expands through the Gram matrix, then observed cells are corrected.
    /// </summary>
    public static double Objective(SparseRows byUser, float[] x, float[] y, RatingMatrix data, MatrixFactorizationOptions options, int stride)
    {
        ArgumentNullException.ThrowIfNull(byUser);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var gram = AlsRowSolver.Gram(y, data.Items, stride, out var sumY);
        var c = options.C;
        var gx = new float[stride];
        double total = (double)data.Users * data.Items * c * c;
        double reg = 0;
        for (var u = 0; u < data.Users; u++)
        {
            var xu = x.AsSpan(u * stride, stride);
            AlsRowSolver.MultiplyGram(gram, stride, xu, gx);
            total += FactorMath.Dot(xu, gx) - (2 * c * FactorMath.Dot(xu, sumY));
            reg += FactorMath.Dot(xu, xu);
            for (var j = byUser.Start[u]; j < byUser.Start[u + 1]; j++)
            {
                var s = FactorMath.Dot(xu, y.AsSpan(byUser.Column[j] * stride, stride));
                var conf = 1 + (options.Alpha * byUser.Value[j]);
                total += (conf * (1 - s) * (1 - s)) - ((c - s) * (c - s));
            }
        }

        for (var i = 0; i < data.Items; i++)
        {
            var yi = y.AsSpan(i * stride, stride);
            reg += FactorMath.Dot(yi, yi);
        }

        return total + (options.Lambda * reg);
    }
}
