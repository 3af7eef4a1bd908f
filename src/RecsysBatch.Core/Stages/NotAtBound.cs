namespace RecsysBatch.Core.Stages;

/// <summary>
/// A fitted or chosen value must not sit at the edge of what the fit or search allowed: warns
/// "MODEL METRIC x is at the bound (WHAT)". With <paramref name="Low"/>/<paramref name="High"/> null the metric is a
/// 0/1 flag the stage computed (1 = at a bound); otherwise the value is compared with the edges of its search range.
/// </summary>
/// <param name="Model">model_metrics.model.</param>
/// <param name="Metric">the flag or the chosen value.</param>
/// <param name="What">what the bound means, for the reader.</param>
public sealed record NotAtBound(string Model, string Metric, string What, double? Low = null, double? High = null) : QualityRule
{
    public override IEnumerable<string> Warnings(IReadOnlyList<ModelMetric> metrics)
    {
        if (ValueOf(metrics, Model, Metric) is not { } value)
        {
            yield break;
        }

        var atBound = Low is null && High is null ? value >= 1 : value <= (Low ?? double.NegativeInfinity) || value >= (High ?? double.PositiveInfinity);
        if (atBound)
        {
            yield return Low is null && High is null
                ? $"{Model} {Metric} = 1: {What}"
                : $"{Model} {Metric} {Figure(value)} is at the edge of its range [{Figure(Low ?? double.NaN)}, {Figure(High ?? double.NaN)}]: {What}";
        }
    }
}
