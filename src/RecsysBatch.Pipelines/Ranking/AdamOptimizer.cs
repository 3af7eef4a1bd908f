namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Adam (Kingma &amp; Ba) with bias correction over a flat float parameter vector.</summary>
internal sealed class AdamOptimizer
{
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float _rate;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private int _step;

    public AdamOptimizer(int size, float rate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _m = new float[size];
        _v = new float[size];
        _rate = rate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <summary>One step: θ −= rate · m̂ / (√v̂ + ε), with g the (already averaged) gradient.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        _step++;
        var correction1 = 1 - MathF.Pow(_beta1, _step);
        var correction2 = 1 - MathF.Pow(_beta2, _step);
        var stepSize = _rate / correction1;
        var sqrtCorrection2 = MathF.Sqrt(correction2);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            var m = _m[i] = (_beta1 * _m[i]) + ((1 - _beta1) * g);
            var v = _v[i] = (_beta2 * _v[i]) + ((1 - _beta2) * g * g);
            parameters[i] -= stepSize * m / ((MathF.Sqrt(v) / sqrtCorrection2) + _epsilon);
        }
    }
}
