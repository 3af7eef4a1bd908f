namespace RecsysBatch.Reports;

/// <summary>The run's model_metrics rows, looked up by stage, model and name (the pivot an analyst would write).</summary>
public sealed class MetricSet(IReadOnlyList<MetricRow> rows)
{
    public IReadOnlyList<MetricRow> Rows { get; } = rows;

    /// <summary>The value of one metric (exact raw name); null when the run has no such row or its value is null or NaN.</summary>
    public double? Value(string stage, string model, string metric)
    {
        var row = Rows.FirstOrDefault(r => r.Stage == stage && r.Model == model && r.Name.Raw == metric);
        return row?.Value is { } v && !double.IsNaN(v) ? v : null;
    }

    /// <summary>The models of a stage in the order their first row appears.</summary>
    public IReadOnlyList<string> Models(string stage) => [.. Rows.Where(r => r.Stage == stage).Select(r => r.Model).Distinct()];

    /// <summary>
    /// A decile table (e.g. holdout_calibration_decile) of one model: per decile 1..10, the value of each field
    /// (mean_predicted, observed_rate, rows, ...); deciles without rows are left out.
    /// </summary>
    public IReadOnlyList<DecileRow> Deciles(string stage, string model, string tableBase)
    {
        return [.. Rows.Where(r => r.Stage == stage && r.Model == model && r.Name.Base == tableBase && r.Name.Decile is not null)
            .GroupBy(r => r.Name.Decile!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new DecileRow(g.Key, g.ToDictionary(r => r.Name.Field!, r => r.Value ?? double.NaN, StringComparer.Ordinal)))];
    }
}
