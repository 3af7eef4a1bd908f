namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The user side of implicit ALS solved exactly against fixed item factors Y (Hu, Koren and Volinsky 2008, eq. 4 and
/// section 5): A_u = YᵀY + λI + Σ_{j∈N(u)} (c_uj − 1) y_j y_jᵀ with c_uj = 1 + α·w_uj, b_u = C·Σ_all y + Σ_{j∈N(u)}
/// (c_uj − C) y_j, x_u = A_u⁻¹ b_u, by a Cholesky factor of the rank × rank matrix A_u in double precision.
/// <see cref="AlsTrainer"/> ends with this solve, so a published score x_u·y_i splits exactly into the terms
/// (c_uj − C)·y_iᵀA_u⁻¹y_j of the user's seen items j plus C·y_iᵀA_u⁻¹Σy (<see cref="AlsExplainer"/>).
/// </summary>
internal sealed class ExactUserSolver
{
    private readonly float[] _y;
    private readonly int _stride;
    private readonly double[] _gram;
    private readonly double[] _sumY;
    private readonly double _lambda;
    private readonly double _alpha;

    public ExactUserSolver(float[] itemFactors, int items, int rank, int stride, double lambda, double alpha, double c)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        _y = itemFactors;
        _stride = stride;
        Rank = rank;
        _lambda = lambda;
        _alpha = alpha;
        C = c;
        _gram = new double[rank * rank];
        _sumY = new double[rank];
        for (var i = 0; i < items; i++)
        {
            var y = itemFactors.AsSpan(i * stride, rank);
            for (var a = 0; a < rank; a++)
            {
                _sumY[a] += y[a];
                if (y[a] == 0)
                {
                    continue;
                }

                var row = _gram.AsSpan(a * rank, rank);
                for (var b = 0; b <= a; b++)
                {
                    row[b] += (double)y[a] * y[b];
                }
            }
        }
    }

    public int Rank { get; }

    /// <summary>Preference of the unobserved cells (0 in the factorize stage).</summary>
    public double C { get; }

    /// <summary>Σ_all y (the prior term's right-hand side).</summary>
    public ReadOnlySpan<double> SumY => _sumY;

    /// <summary>The confidence c_uj of an observed cell value w_uj.</summary>
    public double Confidence(float value) => 1 + (_alpha * value);

    /// <summary>Item j's factor row (rank values).</summary>
    public ReadOnlySpan<float> Item(int item) => _y.AsSpan(item * _stride, Rank);

    /// <summary>Floats between consecutive item rows (rank rounded up to whole SIMD vectors, zero padding).</summary>
    public int Stride => _stride;

    /// <summary>Item j's whole padded row, for the SIMD kernels of <see cref="FactorMath"/>.</summary>
    public ReadOnlySpan<float> PaddedItem(int item) => _y.AsSpan(item * _stride, _stride);

    /// <summary>
    /// Builds A_u of row <paramref name="row"/> and factors it in place, A = L·Lᵀ (lower triangle of
    /// <paramref name="factor"/>, rank × rank). False when A_u is not positive definite (λ = 0 and too few items).
    /// </summary>
    public bool Factor(SparseRows rows, int row, double[] factor)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(factor);
        var k = Rank;
        _gram.CopyTo(factor, 0);
        for (var j = rows.Start[row]; j < rows.Start[row + 1]; j++)
        {
            var weight = Confidence(rows.Value[j]) - 1;
            var y = Item(rows.Column[j]);
            for (var a = 0; a < k; a++)
            {
                var wa = weight * y[a];
                if (wa == 0)
                {
                    continue;
                }

                var target = factor.AsSpan(a * k, k);
                for (var b = 0; b <= a; b++)
                {
                    target[b] += wa * y[b];
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            factor[(a * k) + a] += _lambda;
        }

        // Cholesky–Banachiewicz on the lower triangle.
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = factor[(a * k) + b];
                for (var m = 0; m < b; m++)
                {
                    sum -= factor[(a * k) + m] * factor[(b * k) + m];
                }

                if (a == b)
                {
                    if (!(sum > 1e-12))
                    {
                        return false;
                    }

                    factor[(a * k) + a] = Math.Sqrt(sum);
                }
                else
                {
                    factor[(a * k) + b] = sum / factor[(b * k) + b];
                }
            }
        }

        return true;
    }

    /// <summary>v ← A⁻¹v from the factor of <see cref="Factor"/> (forward then backward substitution).</summary>
    public void Solve(double[] factor, Span<double> v)
    {
        ArgumentNullException.ThrowIfNull(factor);
        var k = Rank;
        for (var a = 0; a < k; a++)
        {
            var sum = v[a];
            for (var m = 0; m < a; m++)
            {
                sum -= factor[(a * k) + m] * v[m];
            }

            v[a] = sum / factor[(a * k) + a];
        }

        for (var a = k - 1; a >= 0; a--)
        {
            var sum = v[a];
            for (var m = a + 1; m < k; m++)
            {
                sum -= factor[(m * k) + a] * v[m];
            }

            v[a] = sum / factor[(a * k) + a];
        }
    }

    /// <summary>
    /// Replaces every user row of <paramref name="x"/> by its exact solve; rows whose A_u is not positive definite keep
    /// their value. Rows are independent, so the result does not depend on <paramref name="threads"/>.
    /// </summary>
    public void SolveAll(SparseRows rows, float[] x, int threads)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(x);
        var k = Rank;
        Parallel.For(
            0,
            rows.Rows,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Factor: new double[k * k], B: new double[k]),
            (row, _, scratch) =>
            {
                if (!Factor(rows, row, scratch.Factor))
                {
                    return scratch;
                }

                var b = scratch.B.AsSpan();
                for (var a = 0; a < k; a++)
                {
                    b[a] = C * _sumY[a];
                }

                for (var j = rows.Start[row]; j < rows.Start[row + 1]; j++)
                {
                    var weight = Confidence(rows.Value[j]) - C;
                    var y = Item(rows.Column[j]);
                    for (var a = 0; a < k; a++)
                    {
                        b[a] += weight * y[a];
                    }
                }

                Solve(scratch.Factor, b);
                var target = x.AsSpan(row * _stride, k);
                for (var a = 0; a < k; a++)
                {
                    target[a] = (float)b[a];
                }

                return scratch;
            },
            _ => { });
    }
}
