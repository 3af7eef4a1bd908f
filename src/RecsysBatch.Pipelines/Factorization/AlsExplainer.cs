namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Why implicit ALS recommends item i to user u (Hu, Koren and Volinsky 2008, section 5): with W_u = A_u⁻¹ of
/// <see cref="ExactUserSolver"/>, score(u, i) = y_iᵀx_u = Σ_{j∈N(u)} (c_uj − C)·y_iᵀW_u y_j + C·y_iᵀW_u Σy, so each
/// seen item j contributes (c_uj − C)·s_ij with s_ij = y_iᵀW_u y_j: its similarity to i in the user's own metric W_u
/// times the confidence of the user's events on j. Cost per user: one rank × rank Cholesky, then per explained item
/// one solve (rank²) and one dot per seen item (rank). Valid for models whose user rows end with the exact solve
/// (<see cref="AlsTrainer"/>); then the contributions plus <see cref="AlsExplanation.Prior"/> sum to the score.
/// </summary>
internal sealed class AlsExplainer
{
    private readonly ExactUserSolver _solver;
    private readonly SparseRows _byUser;

    public AlsExplainer(FactorModel model, SparseRows byUser, double lambda, double alpha, double c)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(byUser);
        _solver = new ExactUserSolver(model.ItemFactors, model.Items, model.Rank, model.Stride, lambda, alpha, c);
        _byUser = byUser;
    }

    /// <summary>
    /// The explanations of <paramref name="items"/> for <paramref name="user"/>: per item the up to
    /// <paramref name="count"/> seen items with the largest positive contributions, largest first (ties: smaller key).
    /// Null when the user has no seen items or A_u cannot be factored.
    /// </summary>
    public AlsExplanation[]? Explain(int user, ReadOnlySpan<int> items, int count)
    {
        var from = _byUser.Start[user];
        var to = _byUser.Start[user + 1];
        var k = _solver.Rank;
        var factor = new double[k * k];
        if (to == from || !_solver.Factor(_byUser, user, factor))
        {
            return null;
        }

        var result = new AlsExplanation[items.Length];
        var v = new double[k];
        var vf = new float[_solver.Stride];
        var top = new (int Item, double Contribution)[count];
        for (var n = 0; n < items.Length; n++)
        {
            var yi = _solver.Item(items[n]);
            for (var a = 0; a < k; a++)
            {
                v[a] = yi[a];
            }

            _solver.Solve(factor, v);
            for (var a = 0; a < k; a++)
            {
                vf[a] = (float)v[a];
            }

            var prior = _solver.C == 0 ? 0 : _solver.C * Dot(v, _solver.SumY);
            var total = prior;
            var kept = 0;
            for (var j = from; j < to; j++)
            {
                // The per-seen-item dot products dominate the cost (seen items × candidates × rank): SIMD in float.
                var contribution = (_solver.Confidence(_byUser.Value[j]) - _solver.C) * FactorMath.Dot(vf, _solver.PaddedItem(_byUser.Column[j]));
                total += contribution;
                kept = Offer(top, kept, _byUser.Column[j], contribution);
            }

            result[n] = new AlsExplanation([.. top[..kept].Select(t => t.Item)], [.. top[..kept].Select(t => t.Contribution)], prior, total);
        }

        return result;
    }

    /// <summary>Keeps the best positive contributions in descending order (columns arrive ascending, so ties keep the smaller key).</summary>
    private static int Offer((int Item, double Contribution)[] top, int kept, int item, double contribution)
    {
        if (!(contribution > 0) || top.Length == 0 || (kept == top.Length && contribution <= top[kept - 1].Contribution))
        {
            return kept;
        }

        var at = Math.Min(kept, top.Length - 1);
        while (at > 0 && top[at - 1].Contribution < contribution)
        {
            top[at] = top[at - 1];
            at--;
        }

        top[at] = (item, contribution);
        return Math.Min(kept + 1, top.Length);
    }

    private static double Dot(ReadOnlySpan<double> v, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        for (var a = 0; a < v.Length; a++)
        {
            sum += v[a] * y[a];
        }

        return sum;
    }
}
