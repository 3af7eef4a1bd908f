using ScottPlot;

namespace RecsysBatch.Reports;

/// <summary>
/// The report's chart kinds, drawn with ScottPlot: grouped bars, lines, a forest plot of intervals, a histogram,
/// a scatter. Every chart has a title and axis labels; NaN values are left out, not drawn as zero.
/// </summary>
internal static class ReportCharts
{
    private const string Font = "DejaVu Sans";

    /// <summary>One series of a bar or line chart.</summary>
    public sealed record Series(string Name, IReadOnlyList<double> Values);

    /// <summary>Bars of each series side by side per category (one series: plain bars, with its values printed).</summary>
    public static ChartSvg GroupedBars(string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / Math.Max(1, series.Count);
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            for (var c = 0; c < categories.Count; c++)
            {
                var value = series[s].Values[c];
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = c - 0.4 + (width * (s + 0.5)),
                    Value = value,
                    Size = width * 0.95,
                    FillColor = palette.GetColor(s),
                    Label = series.Count == 1 ? Format(value) : "",
                });
            }
        }

        plot.Add.Bars(bars);
        if (series.Count > 1)
        {
            for (var s = 0; s < series.Count; s++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
            }

            plot.ShowLegend(Alignment.UpperRight);
        }

        CategoryTicks(plot.Axes.Bottom, categories);
        plot.Axes.Margins(bottom: 0);
        return ChartSvg.From(plot);
    }

    /// <summary>Lines through (x, y) per series; <paramref name="diagonal"/> adds the y = x reference (calibration).</summary>
    public static ChartSvg Lines(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y)> series, bool diagonal = false, bool dates = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        if (diagonal)
        {
            var max = series.SelectMany(s => s.X.Concat(s.Y)).Where(double.IsFinite).DefaultIfEmpty(1).Max();
            var line = plot.Add.Line(0, 0, max, max);
            line.LineColor = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "perfect calibration";
        }

        for (var s = 0; s < series.Count; s++)
        {
            var keep = Enumerable.Range(0, series[s].X.Length).Where(i => double.IsFinite(series[s].X[i]) && double.IsFinite(series[s].Y[i])).ToArray();
            if (keep.Length == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(keep.Select(i => series[s].X[i]).ToArray(), keep.Select(i => series[s].Y[i]).ToArray(), palette.GetColor(s));
            scatter.LegendText = series[s].Name;
            scatter.MarkerSize = 6;
            scatter.LineWidth = 2;
        }

        if (dates)
        {
            plot.Axes.DateTimeTicksBottom();
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return ChartSvg.From(plot);
    }

    /// <summary>One row of a forest plot: the estimate with its interval, and the naive and regression estimates beside it.</summary>
    public sealed record ForestRow(string Label, double Estimate, double Low, double High, double Naive, double Regression);

    /// <summary>Horizontal intervals, one row per label (first on top), a vertical line at 0.</summary>
    public static ChartSvg Forest(string title, string xLabel, IReadOnlyList<ForestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var plot = NewPlot(title, xLabel, "");
        var zero = plot.Add.VerticalLine(0);
        zero.LineColor = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;
        var palette = new ScottPlot.Palettes.Category10();
        var (interval, naive, regression) = (palette.GetColor(0), palette.GetColor(1), palette.GetColor(2));
        for (var r = 0; r < rows.Count; r++)
        {
            var y = rows.Count - 1 - r;
            var row = rows[r];
            if (double.IsFinite(row.Low) && double.IsFinite(row.High))
            {
                var line = plot.Add.Line(row.Low, y, row.High, y);
                line.LineColor = interval;
                line.LineWidth = 2;
            }

            AddMarker(plot, row.Estimate, y, MarkerShape.FilledSquare, interval);
            AddMarker(plot, row.Naive, y - 0.2, MarkerShape.OpenCircle, naive);
            AddMarker(plot, row.Regression, y + 0.2, MarkerShape.OpenTriangleUp, regression);
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "AIPW estimate, 95% interval", LineColor = interval, LineWidth = 2, MarkerShape = MarkerShape.FilledSquare, MarkerSize = 9, MarkerColor = interval });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "naive difference", LineWidth = 0, MarkerShape = MarkerShape.OpenCircle, MarkerSize = 9, MarkerColor = naive });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "regression adjustment", LineWidth = 0, MarkerShape = MarkerShape.OpenTriangleUp, MarkerSize = 9, MarkerColor = regression });
        // Below the axes: inside, it would hide the lowest rows.
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, rows.Count).Select(r => (double)(rows.Count - 1 - r))], [.. rows.Select(r => r.Label)]);
        plot.Axes.SetLimitsY(-1, rows.Count);
        return ChartSvg.From(plot, ChartSvg.DefaultWidth, Math.Max(ChartSvg.DefaultHeight, 120 + (rows.Count * 26)));
    }

    /// <summary>A histogram of <paramref name="values"/> over [min, max] in <paramref name="bins"/> equal bins.</summary>
    public static ChartSvg Histogram(string title, string xLabel, IReadOnlyList<double> values, double min, double max, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        var plot = NewPlot(title, xLabel, "users");
        var counts = new double[bins];
        var step = (max - min) / bins;
        foreach (var v in values)
        {
            counts[Math.Clamp((int)((v - min) / step), 0, bins - 1)]++;
        }

        plot.Add.Bars(Enumerable.Range(0, bins).Select(b => new Bar
        {
            Position = min + (step * (b + 0.5)),
            Value = counts[b],
            Size = step * 0.95,
            FillColor = new ScottPlot.Palettes.Category10().GetColor(0),
        }).ToList());
        plot.Axes.Margins(bottom: 0);
        return ChartSvg.From(plot);
    }

    /// <summary>Points (x, y), semi-transparent so that dense regions show.</summary>
    public static ChartSvg Scatter(string title, string xLabel, string yLabel, double[] xs, double[] ys)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 4, new ScottPlot.Palettes.Category10().GetColor(0).WithAlpha(0.35));
        markers.LegendText = "";
        return ChartSvg.From(plot);
    }

    private static void AddMarker(Plot plot, double x, double y, MarkerShape shape, Color color)
    {
        if (double.IsFinite(x))
        {
            plot.Add.Marker(x, y, shape, 9, color);
        }
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void CategoryTicks(IAxis axis, IReadOnlyList<string> categories)
    {
        // Long labels are wrapped onto lines, not rotated (a rotated label runs off the picture).
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, categories.Count).Select(c => (double)c)], [.. categories.Select(c => Wrap(c, categories.Count > 6 ? 10 : 16))]);
    }

    /// <summary>Breaks <paramref name="label"/> at spaces into lines of about <paramref name="width"/> characters.</summary>
    internal static string Wrap(string label, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in label.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return string.Join("\n", lines);
    }

    private static string Format(double value) => Math.Abs(value) >= 100 || value == Math.Round(value)
        ? value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
