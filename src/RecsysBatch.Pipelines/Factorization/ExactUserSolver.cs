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

        // Symmetric: the upper triangle, which Factor works on, is the mirror of the lower one summed above.
        for (var a = 0; a < rank; a++)
        {
            for (var b = a + 1; b < rank; b++)
            {
                _gram[(a * rank) + b] = _gram[(b * rank) + a];
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
    /// Builds A_u of row <paramref name="row"/> and factors it in place, A = Uᵀ·U with U = Lᵀ upper triangular (upper
    /// triangle of <paramref name="factor"/>, rank × rank; the lower one is scratch). False when A_u is not positive
    /// definite (λ = 0 and too few items). Every entry is rounded as by the row-by-row Cholesky–Banachiewicz
    /// of the lower triangle (same products, same order of sums), computed as contiguous SIMD row updates.
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
        Span<double> y = k <= 256 ? stackalloc double[2 * k] : new double[2 * k];
        var wy = y[k..];
        y = y[..k];
        for (var j = rows.Start[row]; j < rows.Start[row + 1]; j++)
        {
            var item = Item(rows.Column[j]);
            var weight = Confidence(rows.Value[j]) - 1;
            for (var a = 0; a < k; a++)
            {
                y[a] = item[a];
                wy[a] = weight * y[a];
            }

            AddRankOne(factor, k, y, wy);
        }

        for (var a = 0; a < k; a++)
        {
            factor[(a * k) + a] += _lambda;
        }

        return Cholesky(factor, k);
    }

    /// <summary>v ← A⁻¹v from the factor of <see cref="Factor"/>: Uᵀz = v by column updates, then U x = z by row dots.</summary>
    public void Solve(double[] factor, Span<double> v)
    {
        ArgumentNullException.ThrowIfNull(factor);
        var k = Rank;
        if (factor.Length < k * k || v.Length < k)
        {
            throw new ArgumentException($"the factor needs {k * k} values and v {k}");
        }

        ref var first = ref MemoryMarshal.GetArrayDataReference(factor);
        ref var x = ref MemoryMarshal.GetReference(v);
        for (var a = 0; a < k; a++)
        {
            ref var ua = ref Unsafe.Add(ref first, a * k);
            var z = Unsafe.Add(ref x, a) / Unsafe.Add(ref ua, a);
            Unsafe.Add(ref x, a) = z;
            SubtractScaled(ref x, ref ua, z, a + 1, k, aligned: false);
        }

        for (var a = k - 1; a >= 0; a--)
        {
            ref var ua = ref Unsafe.Add(ref first, a * k);
            var sum = Unsafe.Add(ref x, a);
            for (var m = a + 1; m < k; m++)
            {
                sum -= Unsafe.Add(ref ua, m) * Unsafe.Add(ref x, m);
            }

            Unsafe.Add(ref x, a) = sum / Unsafe.Add(ref ua, a);
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
    /// Upper triangle of m (k × k) += w·y yᵀ as m[a, b] += (w·y[b])·y[a], b ≥ a: the product of the lower-triangle
    /// update (w·y[b])·y[a] of entry (b, a), so the same rounding. Whole vectors from the one holding the diagonal
    /// (the entries left of it are scratch), a scalar tail when k is not a whole number of vectors.
    /// </summary>
    private static void AddRankOne(double[] m, int k, ReadOnlySpan<double> y, ReadOnlySpan<double> wy)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        ref var row = ref MemoryMarshal.GetReference(wy);
        for (var a = 0; a < k; a++)
        {
            SubtractScaled(ref Unsafe.Add(ref first, a * k), ref row, -y[a], a, k, aligned: true);
        }
    }

    /// <summary>
    /// In place, U = Lᵀ row by row (right-looking): row j divided by its pivot, then row j's outer product taken off
    /// the rows below it. Entry (j, i) receives its subtractions in the order of the inner product of the row-by-row
    /// Cholesky–Banachiewicz, so the factor is bit for bit that one's transpose. False when m is not positive definite.
    /// </summary>
    private static bool Cholesky(double[] m, int k)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        for (var j = 0; j < k; j++)
        {
            ref var uj = ref Unsafe.Add(ref first, j * k);
            var pivot = Unsafe.Add(ref uj, j);
            if (!(pivot > 1e-12))
            {
                return false;
            }

            pivot = Math.Sqrt(pivot);
            Unsafe.Add(ref uj, j) = pivot;
            for (var i = j + 1; i < k; i++)
            {
                Unsafe.Add(ref uj, i) /= pivot;
            }

            for (var i = j + 1; i < k; i++)
            {
                SubtractScaled(ref Unsafe.Add(ref first, i * k), ref uj, Unsafe.Add(ref uj, i), i, k, aligned: true);
            }
        }

        return true;
    }

    /// <summary>
    /// target[b] −= s·source[b] for b in [from, k) (a product then a difference, no fused rounding). When
    /// <paramref name="aligned"/>, whole vectors start at the one holding <paramref name="from"/>: the caller's
    /// entries before it within that vector are scratch (the lower triangle of a factor row).
    /// </summary>
    private static void SubtractScaled(ref double target, ref double source, double s, int from, int k, bool aligned)
    {
        var width = Vector<double>.Count;
        var vs = new Vector<double>(s);
        var b = aligned ? from - (from % width) : from;
        for (; b + width <= k; b += width)
        {
            var difference = Vector.LoadUnsafe(ref target, (nuint)b) - (vs * Vector.LoadUnsafe(ref source, (nuint)b));
            difference.StoreUnsafe(ref target, (nuint)b);
        }

        for (b = Math.Max(b, from); b < k; b++)
        {
            Unsafe.Add(ref target, b) -= s * Unsafe.Add(ref source, b);
        }
    }
}
