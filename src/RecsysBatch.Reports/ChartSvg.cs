namespace RecsysBatch.Reports;

/// <summary>One rendered chart: ScottPlot's SVG and the size it was drawn at.</summary>
internal sealed record ChartSvg(string Svg, int Width, int Height)
{
    public const int DefaultWidth = 760;
    public const int DefaultHeight = 380;

    public static ChartSvg From(ScottPlot.Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return new ChartSvg(plot.GetSvgXml(width, height), width, height);
    }
}
