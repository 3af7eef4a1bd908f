using System.Buffers;
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
        var from = rows.Start[row];
        var n = rows.Start[row + 1] - from;
        var buffer = ArrayPool<double>.Shared.Rent(2 * n * k);
        try
        {
            // The user's items as double rows y_j and (c_uj − 1)·y_j, then each row of A_u summed over them at once.
            var y = buffer.AsSpan(0, n * k);
            var wy = buffer.AsSpan(n * k, n * k);
            for (var j = 0; j < n; j++)
            {
                var item = Item(rows.Column[from + j]);
                var weight = Confidence(rows.Value[from + j]) - 1;
                for (var a = 0; a < k; a++)
                {
                    y[(j * k) + a] = item[a];
                    wy[(j * k) + a] = weight * y[(j * k) + a];
                }
            }

            AddProducts(factor, k, y, wy, n);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
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
            SubtractScaled(ref x, ref ua, z, a + 1, k);
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
    /// Upper triangle of m (k × k) += Σ_j w_j·y_j y_jᵀ as m[a, b] += (w_j·y_j[b])·y_j[a], b ≥ a, j in cell order: the
    /// product and the order of the scalar lower-triangle update of entry (b, a), so the same rounding.
    /// </summary>
    private static void AddProducts(double[] m, int k, ReadOnlySpan<double> y, ReadOnlySpan<double> wy, int n)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var rows = ref MemoryMarshal.GetReference(wy);
        for (var a = 0; a < k; a++)
        {
            AccumulateRow(ref Unsafe.Add(ref first, a * k), ref rows, ref Unsafe.Add(ref ys, a), n, k, a, negate: false);
        }
    }

    /// <summary>
    /// In place, U = Lᵀ row by row ("up-looking"): row i = (A[i, i..] − Σ_{j&lt;i} U[j, i]·U[j, i..]) / U[i, i]. Each
    /// entry receives its subtractions in the order of the inner product of the row-by-row Cholesky–Banachiewicz, so
    /// the factor is bit for bit that one's transpose. False when m is not positive definite.
    /// </summary>
    private static bool Cholesky(double[] m, int k)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(m);
        for (var i = 0; i < k; i++)
        {
            ref var ui = ref Unsafe.Add(ref first, i * k);
            AccumulateRow(ref ui, ref first, ref Unsafe.Add(ref first, i), i, k, i, negate: true);
            var pivot = Unsafe.Add(ref ui, i);
            if (!(pivot > 1e-12))
            {
                return false;
            }

            pivot = Math.Sqrt(pivot);
            Unsafe.Add(ref ui, i) = pivot;
            for (var b = i + 1; b < k; b++)
            {
                Unsafe.Add(ref ui, b) /= pivot;
            }
        }

        return true;
    }

    /// <summary>
    /// target[b] ±= Σ_{j&lt;count} scales[j·k]·rows[j·k + b] for b in [from, k), j in order, a product then a sum
    /// (no fused rounding), the target held in registers across j. Whole vectors start at the one holding
    /// <paramref name="from"/>: the target's entries before it (the lower triangle of a factor row) are scratch.
    /// </summary>
    private static void AccumulateRow(ref double target, ref double rows, ref double scales, int count, int k, int from, bool negate)
    {
        var width = Vector<double>.Count;
        var b = from - (from % width);
        for (; b + (4 * width) <= k; b += 4 * width)
        {
            var (t0, t1, t2, t3) = (Vector.LoadUnsafe(ref target, (nuint)b), Vector.LoadUnsafe(ref target, (nuint)(b + width)), Vector.LoadUnsafe(ref target, (nuint)(b + (2 * width))), Vector.LoadUnsafe(ref target, (nuint)(b + (3 * width))));
            for (var j = 0; j < count; j++)
            {
                var s = Unsafe.Add(ref scales, j * k);
                var vs = new Vector<double>(negate ? -s : s);
                ref var row = ref Unsafe.Add(ref rows, (j * k) + b);
                t0 += vs * Vector.LoadUnsafe(ref row);
                t1 += vs * Vector.LoadUnsafe(ref row, (nuint)width);
                t2 += vs * Vector.LoadUnsafe(ref row, (nuint)(2 * width));
                t3 += vs * Vector.LoadUnsafe(ref row, (nuint)(3 * width));
            }

            t0.StoreUnsafe(ref target, (nuint)b);
            t1.StoreUnsafe(ref target, (nuint)(b + width));
            t2.StoreUnsafe(ref target, (nuint)(b + (2 * width)));
            t3.StoreUnsafe(ref target, (nuint)(b + (3 * width)));
        }

        for (; b + width <= k; b += width)
        {
            var t = Vector.LoadUnsafe(ref target, (nuint)b);
            for (var j = 0; j < count; j++)
            {
                var s = Unsafe.Add(ref scales, j * k);
                t += new Vector<double>(negate ? -s : s) * Vector.LoadUnsafe(ref rows, (nuint)((j * k) + b));
            }

            t.StoreUnsafe(ref target, (nuint)b);
        }

        for (b = Math.Max(b, from); b < k; b++)
        {
            var t = Unsafe.Add(ref target, b);
            for (var j = 0; j < count; j++)
            {
                var s = Unsafe.Add(ref scales, j * k);
                t += (negate ? -s : s) * Unsafe.Add(ref rows, (j * k) + b);
            }

            Unsafe.Add(ref target, b) = t;
        }
    }

    /// <summary>target[b] −= s·source[b] for b in [from, k): a product then a difference, no fused rounding.</summary>
    private static void SubtractScaled(ref double target, ref double source, double s, int from, int k)
    {
        var width = Vector<double>.Count;
        var vs = new Vector<double>(s);
        var b = from;
        for (; b + width <= k; b += width)
        {
            var difference = Vector.LoadUnsafe(ref target, (nuint)b) - (vs * Vector.LoadUnsafe(ref source, (nuint)b));
            difference.StoreUnsafe(ref target, (nuint)b);
        }

        for (; b < k; b++)
        {
            Unsafe.Add(ref target, b) -= s * Unsafe.Add(ref source, b);
        }
    }
}
