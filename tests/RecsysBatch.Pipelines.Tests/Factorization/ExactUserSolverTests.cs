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
