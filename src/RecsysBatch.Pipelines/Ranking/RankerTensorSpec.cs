namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// One tensor of the ranker contract: name, ONNX element type name ("float", "int64") and shape, where
/// <see cref="BatchAxis"/> (−1) marks the dynamic batch axis and every other dimension is fixed.
/// </summary>
internal sealed record RankerTensorSpec(string Name, string ElementType, IReadOnlyList<long> Shape)
{
    public const long BatchAxis = -1;

    /// <summary>Elements per row: the product of the fixed dimensions (1 for a [batch] tensor).</summary>
    public int RowWidth
    {
        get
        {
            long width = 1;
            foreach (var dim in Shape)
            {
                width *= dim == BatchAxis ? 1 : dim;
            }

            return checked((int)width);
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d == BatchAxis ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
