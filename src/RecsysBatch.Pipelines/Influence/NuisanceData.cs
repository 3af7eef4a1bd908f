namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The confounders of every unit as one standardised vector per unit, built once per run and shared by all
/// nuisance fits (3 models × folds × behaviours). Standardising uses the mean and variance over all units: it
/// reads no label or treatment, so it leaks nothing across folds, and it puts the L2 penalty on a common scale.
/// </summary>
internal sealed class NuisanceData
{
    private NuisanceData(float[][] rows, int width)
    {
        Rows = rows;
        Width = width;
    }

    /// <summary>Per unit, its standardised features (constant features become 0).</summary>
    public float[][] Rows { get; }

    public int Width { get; }

    public int Count => Rows.Length;

    /// <summary>From column-major features (features[f][unit]).</summary>
    public static NuisanceData Standardize(float[][] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var width = features.Length;
        var n = width == 0 ? 0 : features[0].Length;
        var rows = new float[n][];
        for (var u = 0; u < n; u++)
        {
            rows[u] = new float[width];
        }

        for (var f = 0; f < width; f++)
        {
            var column = features[f];
            double sum = 0, squares = 0;
            for (var u = 0; u < n; u++)
            {
                sum += column[u];
            }

            var mean = n > 0 ? sum / n : 0;
            for (var u = 0; u < n; u++)
            {
                var d = column[u] - mean;
                squares += d * d;
            }

            var sd = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
            var scale = sd > 1e-12 ? 1 / sd : 0;
            for (var u = 0; u < n; u++)
            {
                rows[u][f] = (float)((column[u] - mean) * scale);
            }
        }

        return new NuisanceData(rows, width);
    }

    /// <summary>The same units with one more confounder column, standardised like the others.</summary>
    public NuisanceData WithColumn(float[] column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Length != Count)
        {
            throw new ArgumentException($"{column.Length} values for {Count} units", nameof(column));
        }

        var extra = Standardize([column]).Rows;
        var rows = new float[Count][];
        for (var u = 0; u < Count; u++)
        {
            rows[u] = [.. Rows[u], extra[u][0]];
        }

        return new NuisanceData(rows, Width + 1);
    }
}
