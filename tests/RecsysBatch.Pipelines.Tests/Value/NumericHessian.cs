using MathNet.Numerics.LinearAlgebra;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>Standard errors of a maximum-likelihood estimate from the observed information (central-difference Hessian).</summary>
internal static class NumericHessian
{
    public static double[] StandardErrors(Func<double[], double> logLikelihood, double[] theta, double step = 1e-4)
    {
        var n = theta.Length;
        var hessian = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                double F(double di, double dj)
                {
                    var t = (double[])theta.Clone();
                    t[i] += di;
                    t[j] += dj;
                    return logLikelihood(t);
                }

                var value = (F(step, step) - F(step, -step) - F(-step, step) + F(-step, -step)) / (4 * step * step);
                hessian[i, j] = value;
                hessian[j, i] = value;
            }
        }

        var covariance = (-hessian).Inverse();
        return [.. Enumerable.Range(0, n).Select(i => Math.Sqrt(covariance[i, i]))];
    }
}
