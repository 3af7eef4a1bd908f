using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// The fused ALS kernels against the Dot/Axpy loops they replace: same rounding, so equal bit for bit, both on the
/// four-vector path (rank 32 → stride 32 on 256-bit SIMD) and the generic one (other strides).
/// </summary>
[TestClass]
public sealed class FactorMathTests
{
    private const int Rows = 300;

    [TestMethod]
    [DataRow(5)]
    [DataRow(16)]
    [DataRow(20)]
    [DataRow(32)]
    [DataRow(50)]
    public void AddProjections_RandomCells_SameBitsAsDotThenAxpyPerCell(int rank)
    {
        var (stride, rows, columns, values, v) = Cells(rank, seed: rank);
        var result = Vector(stride, rank, seed: 99);
        var expected = (float[])result.Clone();
        for (var j = 0; j < columns.Length; j++)
        {
            var y = rows.AsSpan(columns[j] * stride, stride);
            FactorMath.Axpy(0.7f * values[j] * FactorMath.Dot(y, v), y, expected);
        }

        FactorMath.AddProjections(columns, values, 0.7f, rows, stride, v, result);

        CollectionAssert.AreEqual(expected, result);
    }

    [TestMethod]
    [DataRow(8)]
    [DataRow(32)]
    [DataRow(40)]
    public void AddRows_RandomCells_SameBitsAsAxpyPerCell(int rank)
    {
        var (stride, rows, columns, values, _) = Cells(rank, seed: rank + 1);
        var result = Vector(stride, rank, seed: 98);
        var expected = (float[])result.Clone();
        for (var j = 0; j < columns.Length; j++)
        {
            FactorMath.Axpy((1 + (3f * values[j])) - 0.25f, rows.AsSpan(columns[j] * stride, stride), expected);
        }

        FactorMath.AddRows(columns, values, 3f, 0.25f, rows, stride, result);

        CollectionAssert.AreEqual(expected, result);
    }

    [TestMethod]
    [DataRow(8)]
    [DataRow(32)]
    [DataRow(64)]
    public void MultiplySquare_RandomMatrix_SameBitsAsOneDotPerRow(int rank)
    {
        var stride = FactorMath.StrideFor(rank);
        var m = new float[stride * stride];
        FactorMath.Initialize(m, stride, rank, stride, 1, new Random(rank));
        var v = Vector(stride, rank, seed: 5);
        var expected = new float[stride];
        for (var a = 0; a < stride; a++)
        {
            expected[a] = FactorMath.Dot(m.AsSpan(a * stride, stride), v);
        }

        var result = new float[stride];
        FactorMath.MultiplySquare(m, stride, v, result);

        CollectionAssert.AreEqual(expected, result);
    }

    [TestMethod]
    public void AddProjections_ColumnPastTheRows_Throws()
    {
        var (stride, rows, _, values, v) = Cells(32, seed: 3);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FactorMath.AddProjections([0, Rows], values.AsSpan(0, 2), 1f, rows, stride, v, new float[stride]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FactorMath.AddRows([-1], values.AsSpan(0, 1), 1f, 0f, rows, stride, new float[stride]));
    }

    private static (int Stride, float[] Rows, int[] Columns, float[] Values, float[] V) Cells(int rank, int seed)
    {
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(seed);
        var rows = new float[Rows * stride];
        FactorMath.Initialize(rows, Rows, rank, stride, 0.5, random);
        var columns = Enumerable.Range(0, 257).Select(_ => random.Next(Rows)).ToArray();
        var values = columns.Select(_ => (float)(1 + random.Next(5))).ToArray();
        return (stride, rows, columns, values, Vector(stride, rank, seed + 1000));
    }

    private static float[] Vector(int stride, int rank, int seed)
    {
        var v = new float[stride];
        FactorMath.Initialize(v, 1, rank, stride, 1, new Random(seed));
        return v;
    }
}
