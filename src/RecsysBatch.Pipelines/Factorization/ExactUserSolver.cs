using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        if (factor.Length < k * k)
        {
            throw new ArgumentException($"the factor needs {k * k} values", nameof(factor));
        }

        _gram.CopyTo(factor, 0);
        Span<double> y = k <= 256 ? stackalloc double[k] : new double[k];
        for (var j = rows.Start[row]; j < rows.Start[row + 1]; j++)
        {
            var item = Item(rows.Column[j]);
            for (var a = 0; a < k; a++)
            {
                y[a] = item[a];
            }

            AddRankOne(factor, k, Confidence(rows.Value[j]) - 1, y);
        }

        for (var a = 0; a < k; a++)
        {
            factor[(a * k) + a] += _lambda;
        }

        return Cholesky(factor, k);
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

    /// <summary>
    /// Lower triangle of m (k × k) += w·y yᵀ, each row's prefix in whole SIMD vectors: a product then a sum per
    /// entry, the rounding of the scalar loop.
    /// </summary>
    private static void AddRankOne(double[] m, int k, double w, ReadOnlySpan<double> y)
    {
        var width = Vector<double>.Count;
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        ref var yy = ref MemoryMarshal.GetReference(y);
        for (var a = 0; a < k; a++)
        {
            var wa = w * y[a];
            if (wa == 0)
            {
                continue;
            }

            ref var target = ref Unsafe.Add(ref first, a * k);
            var vw = new Vector<double>(wa);
            var b = 0;
            for (; b + width <= a + 1; b += width)
            {
                var sum = Vector.LoadUnsafe(ref target, (nuint)b) + (vw * Vector.LoadUnsafe(ref yy, (nuint)b));
                sum.StoreUnsafe(ref target, (nuint)b);
            }

            for (; b <= a; b++)
            {
                Unsafe.Add(ref target, b) += wa * Unsafe.Add(ref yy, b);
            }
        }
    }

    /// <summary>
    /// Cholesky–Banachiewicz on the lower triangle of m (k × k, checked by the caller), in place; the inner
    /// products of two row prefixes in SIMD vectors. False when m is not positive definite.
    /// </summary>
    private static bool Cholesky(double[] m, int k)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        for (var a = 0; a < k; a++)
        {
            ref var ra = ref Unsafe.Add(ref first, a * k);
            for (var b = 0; b <= a; b++)
            {
                ref var rb = ref Unsafe.Add(ref first, b * k);
                var sum = Unsafe.Add(ref ra, b) - PrefixDot(ref ra, ref rb, b);
                if (a == b)
                {
                    if (!(sum > 1e-12))
                    {
                        return false;
                    }

                    Unsafe.Add(ref ra, a) = Math.Sqrt(sum);
                }
                else
                {
                    Unsafe.Add(ref ra, b) = sum / Unsafe.Add(ref rb, b);
                }
            }
        }

        return true;
    }

    /// <summary>Σ_{m &lt; length} p[m]·q[m], two vector accumulators then a scalar tail.</summary>
    private static double PrefixDot(ref double p, ref double q, int length)
    {
        var width = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        var m = 0;
        for (; m + (2 * width) <= length; m += 2 * width)
        {
            acc0 += Vector.LoadUnsafe(ref p, (nuint)m) * Vector.LoadUnsafe(ref q, (nuint)m);
            acc1 += Vector.LoadUnsafe(ref p, (nuint)(m + width)) * Vector.LoadUnsafe(ref q, (nuint)(m + width));
        }

        if (m + width <= length)
        {
            acc0 += Vector.LoadUnsafe(ref p, (nuint)m) * Vector.LoadUnsafe(ref q, (nuint)m);
            m += width;
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (; m < length; m++)
        {
            sum += Unsafe.Add(ref p, m) * Unsafe.Add(ref q, m);
        }

        return sum;
    }
}
