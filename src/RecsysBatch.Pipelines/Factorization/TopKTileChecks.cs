namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Span sizes an <see cref="ITopKTile"/> checks once per call, so its unchecked reads stay inside them.</summary>
internal static class TopKTileChecks
{
    public static void Check(int packed, int x, int thresholds, int lanes, int stride, int width, int rows, int groups)
    {
        if (stride <= 0 || packed < groups * stride * width || x < rows * stride || thresholds < rows || lanes < rows * groups * width)
        {
            throw new ArgumentException($"a tile of {rows} rows × {groups} groups of {width} needs {groups * stride * width} packed floats, {rows * stride} row factors, {rows} thresholds and {rows * groups * width} lanes.");
        }
    }
}
