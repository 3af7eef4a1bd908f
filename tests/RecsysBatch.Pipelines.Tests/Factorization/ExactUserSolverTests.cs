using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// The exact user solve against its definition: A_u = YᵀY + λI + Σ_{j∈N(u)} α w_uj y_j y_jᵀ and
/// b_u = C·Σy + Σ_{j∈N(u)} (1 + α w_uj − C) y_j, both formed here in double precision from scratch.
/// </summary>
[TestClass]
public sealed class ExactUserSolverTests
{
    private const int Users = 40;
    private const int Items = 120;

    /// <summary>Ranks on and off the SIMD width, so the kernels' vector bodies and scalar tails both run.</summary>
    [TestMethod]
    [DataRow(32)]
    [DataRow(10)]
    [DataRow(7)]
    public void SolveAll_RandomUsers_EveryRowSolvesItsSystem(int rank)
    {
        const double lambda = 0.3, alpha = 4, c = 0.1;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(rank);
        var y = new float[Items * stride];
        FactorMath.Initialize(y, Items, rank, stride, 0.5, random);
        var cells = Enumerable.Range(0, 600).Select(_ => (User: random.Next(Users), Item: random.Next(Items))).ToArray();
        var rows = SparseRows.Build(Users, [.. cells.Select(x => x.User)], [.. cells.Select(x => x.Item)], [.. cells.Select(_ => (float)(1 + random.Next(3)))]);
        var x = new float[Users * stride];

        new ExactUserSolver(y, Items, rank, stride, lambda, alpha, c).SolveAll(rows, x, threads: 2);

        for (var u = 0; u < Users; u++)
        {
            var (a, b) = System(rows, u, y, rank, stride, lambda, alpha, c);
            for (var i = 0; i < rank; i++)
            {
                var ax = 0.0;
                for (var m = 0; m < rank; m++)
                {
                    ax += a[i, m] * x[(u * stride) + m];
                }

                Assert.AreEqual(b[i], ax, 1e-4 * (1 + Math.Abs(b[i])), $"user {u}, row {i}");
            }

            Assert.IsTrue(x.AsSpan((u * stride) + rank, stride - rank).IndexOfAnyExcept(0f) < 0, "padding stays zero");
        }
    }

    /// <summary>
    /// The SIMD right-looking factor of Uᵀ = L makes the same products and sums in the same order as the scalar
    /// row-by-row Cholesky–Banachiewicz of the lower triangle (kept here as the reference), so the rows are equal bit
    /// for bit.
    /// </summary>
    [TestMethod]
    [DataRow(32)]
    [DataRow(10)]
    [DataRow(7)]
    public void SolveAll_RandomUsers_SameBitsAsScalarRowByRowCholesky(int rank)
    {
        const double lambda = 0.2, alpha = 3, c = 0.05;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(rank + 7);
        var y = new float[Items * stride];
        FactorMath.Initialize(y, Items, rank, stride, 0.5, random);
        var cells = Enumerable.Range(0, 900).Select(_ => (User: random.Next(Users), Item: random.Next(Items))).ToArray();
        var rows = SparseRows.Build(Users, [.. cells.Select(x => x.User)], [.. cells.Select(x => x.Item)], [.. cells.Select(_ => (float)(1 + random.Next(3)))]);
        var x = new float[Users * stride];

        new ExactUserSolver(y, Items, rank, stride, lambda, alpha, c).SolveAll(rows, x, threads: 2);

        for (var u = 0; u < Users; u++)
        {
            var expected = ScalarSolve(rows, u, y, rank, stride, lambda, alpha, c);
            CollectionAssert.AreEqual(expected, x.AsSpan(u * stride, rank).ToArray(), $"user {u}");
        }
    }

    [TestMethod]
    public void Factor_NoRegularizationAndFewerItemsThanRank_NotPositiveDefinite()
    {
        const int rank = 8;
        var stride = FactorMath.StrideFor(rank);
        var y = new float[3 * stride];
        FactorMath.Initialize(y, 3, rank, stride, 1, new Random(2));
        var rows = SparseRows.Build(1, [0, 0], [0, 2], [1f, 2f]);
        var solver = new ExactUserSolver(y, 3, rank, stride, lambda: 0, alpha: 1, c: 0);

        Assert.IsFalse(solver.Factor(rows, 0, new double[rank * rank]));
        Assert.IsTrue(new ExactUserSolver(y, 3, rank, stride, lambda: 0.1, alpha: 1, c: 0).Factor(rows, 0, new double[rank * rank]));
    }

    private static float[] ScalarSolve(SparseRows rows, int u, float[] y, int k, int stride, double lambda, double alpha, double c)
    {
        var f = new double[k * k];
        var b = new double[k];
        for (var i = 0; i < Items; i++)
        {
            for (var a = 0; a < k; a++)
            {
                b[a] += y[(i * stride) + a];
                for (var q = 0; q <= a; q++)
                {
                    f[(a * k) + q] += (double)y[(i * stride) + a] * y[(i * stride) + q];
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            b[a] = c * b[a];
        }

        for (var j = rows.Start[u]; j < rows.Start[u + 1]; j++)
        {
            var row = rows.Column[j] * stride;
            var weight = 1 + (alpha * rows.Value[j]) - 1;
            for (var a = 0; a < k; a++)
            {
                var wa = weight * y[row + a];
                for (var q = 0; q <= a; q++)
                {
                    f[(a * k) + q] += wa * y[row + q];
                }
            }
        }

        for (var j = rows.Start[u]; j < rows.Start[u + 1]; j++)
        {
            var weight = 1 + (alpha * rows.Value[j]) - c;
            for (var a = 0; a < k; a++)
            {
                b[a] += weight * y[(rows.Column[j] * stride) + a];
            }
        }

        for (var a = 0; a < k; a++)
        {
            f[(a * k) + a] += lambda;
            for (var q = 0; q <= a; q++)
            {
                var sum = f[(a * k) + q];
                for (var m = 0; m < q; m++)
                {
                    sum -= f[(a * k) + m] * f[(q * k) + m];
                }

                f[(a * k) + q] = a == q ? Math.Sqrt(sum) : sum / f[(q * k) + q];
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var m = 0; m < a; m++)
            {
                b[a] -= f[(a * k) + m] * b[m];
            }

            b[a] /= f[(a * k) + a];
        }

        for (var a = k - 1; a >= 0; a--)
        {
            for (var m = a + 1; m < k; m++)
            {
                b[a] -= f[(m * k) + a] * b[m];
            }

            b[a] /= f[(a * k) + a];
        }

        return [.. b.Select(v => (float)v)];
    }

    private static (double[,] A, double[] B) System(SparseRows rows, int u, float[] y, int rank, int stride, double lambda, double alpha, double c)
    {
        var a = new double[rank, rank];
        var b = new double[rank];
        for (var i = 0; i < Items; i++)
        {
            for (var p = 0; p < rank; p++)
            {
                b[p] += c * y[(i * stride) + p];
                for (var q = 0; q < rank; q++)
                {
                    a[p, q] += (double)y[(i * stride) + p] * y[(i * stride) + q];
                }
            }
        }

        for (var j = rows.Start[u]; j < rows.Start[u + 1]; j++)
        {
            var w = alpha * rows.Value[j];
            var row = rows.Column[j] * stride;
            for (var p = 0; p < rank; p++)
            {
                b[p] += (1 + w - c) * y[row + p];
                for (var q = 0; q < rank; q++)
                {
                    a[p, q] += w * y[row + p] * y[row + q];
                }
            }
        }

        for (var p = 0; p < rank; p++)
        {
            a[p, p] += lambda;
        }

        return (a, b);
    }
}
