namespace RecsysBatch.Reports;

/// <summary>One decile of a model_metrics decile table: its number (1 = highest predictions) and each field's value.</summary>
public sealed record DecileRow(int Decile, IReadOnlyDictionary<string, double> Fields)
{
    /// <summary>The field's value; NaN when absent.</summary>
    public double Get(string field) => Fields.TryGetValue(field, out var v) ? v : double.NaN;
}
