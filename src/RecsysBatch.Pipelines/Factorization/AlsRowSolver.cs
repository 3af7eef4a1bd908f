namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// One half-sweep of weighted ALS: every row of <c>target</c> solved against the fixed <c>other</c> factors by
/// conjugate gradient on (G + λI + Σ_obs (c−1) y yᵀ) x = C·Σy + Σ_obs (c − C) y, with G = YᵀY shared by all rows.
/// </summary>
internal sealed class AlsRowSolver
{
    private readonly int _stride;
    private readonly float _lambda;
    private readonly float _alpha;
    private readonly float _c;
    private readonly int _steps;
    private readonly bool _nonNegative;
    private readonly ParallelOptions _parallel;

    public AlsRowSolver(MatrixFactorizationOptions options, int stride)
    {
        _stride = stride;
        _lambda = (float)options.Lambda;
        _alpha = (float)options.Alpha;
        _c = (float)options.C;
        _steps = options.ConjugateGradientSteps;
        _nonNegative = options.NonNegative;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ResolvedThreads };
    }

    public void SolveAll(SparseRows rows, float[] target, float[] other, int otherCount)
    {
        var gram = Gram(other, otherCount, _stride, out var sum);
        Parallel.For(
            0,
            rows.Rows,
            _parallel,
            () => new float[3 * _stride],
            (row, _, scratch) =>
            {
                SolveRow(rows, row, target.AsSpan(row * _stride, _stride), other, gram, sum, scratch);
                return scratch;
            },
            _ => { });
    }

    /// <summary>G = YᵀY (stride × stride, padding zero) and Σ y; each row of G is summed by one thread in item order.</summary>
    public static float[] Gram(float[] y, int count, int stride, out float[] sum)
    {
        var gram = new float[stride * stride];
        Parallel.For(0, stride, a =>
        {
            var row = gram.AsSpan(a * stride, stride);
            for (var i = 0; i < count; i++)
            {
                var yi = y.AsSpan(i * stride, stride);
                if (yi[a] != 0)
                {
                    FactorMath.Axpy(yi[a], yi, row);
                }
            }
        });
        sum = new float[stride];
        for (var i = 0; i < count; i++)
        {
            FactorMath.Axpy(1f, y.AsSpan(i * stride, stride), sum);
        }

        return gram;
    }

    public static void MultiplyGram(float[] gram, int stride, ReadOnlySpan<float> v, Span<float> result)
    {
        FactorMath.MultiplySquare(gram, stride, v, result);
    }

    private void SolveRow(SparseRows rows, int row, Span<float> x, float[] other, float[] gram, float[] sum, float[] scratch)
    {
        var s = _stride;
        var r = scratch.AsSpan(0, s);
        var p = scratch.AsSpan(s, s);
        var ap = scratch.AsSpan(2 * s, s);
        var from = rows.Start[row];
        var to = rows.Start[row + 1];

        // r = b − A x, computed in one pass over the row's observed cells.
        Apply(rows, from, to, other, gram, x, r);
        for (var a = 0; a < s; a++)
        {
            r[a] = (_c * sum[a]) - r[a];
        }

        FactorMath.AddRows(rows.Column.AsSpan(from, to - from), rows.Value.AsSpan(from, to - from), _alpha, _c, other, s, r);

        r.CopyTo(p);
        var rs = FactorMath.Dot(r, r);
        for (var step = 0; step < _steps && rs > 1e-10f; step++)
        {
            Apply(rows, from, to, other, gram, p, ap);
            var curvature = FactorMath.Dot(p, ap);
            if (curvature <= 0)
            {
                break;
            }

            var alpha = rs / curvature;
            FactorMath.Axpy(alpha, p, x);
            FactorMath.Axpy(-alpha, ap, r);
            var next = FactorMath.Dot(r, r);
            FactorMath.Xpay(r, next / rs, p);
            rs = next;
        }

        if (_nonNegative)
        {
            FactorMath.ClampNonNegative(x);
        }
    }

    /// <summary>result = (G + λI) v + Σ_obs (c − 1)(y·v) y.</summary>
    private void Apply(SparseRows rows, int from, int to, float[] other, float[] gram, ReadOnlySpan<float> v, Span<float> result)
    {
        MultiplyGram(gram, _stride, v, result);
        FactorMath.Axpy(_lambda, v, result);
        FactorMath.AddProjections(rows.Column.AsSpan(from, to - from), rows.Value.AsSpan(from, to - from), _alpha, other, _stride, v, result);
    }
}
