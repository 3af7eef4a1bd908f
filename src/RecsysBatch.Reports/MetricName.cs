using System.Globalization;
using System.Text.RegularExpressions;

namespace RecsysBatch.Reports;

/// <summary>
/// One model_metrics metric name taken apart, so the report (and whoever reads this) never pivots with regular
/// expressions of their own. The stages pack up to four things into a name:
/// <list type="bullet">
/// <item><c>recall@20</c>, <c>ndcg@10</c>: a list metric at depth K (<see cref="AtK"/> 20, <see cref="Base"/> recall);</item>
/// <item><c>std_error@category:123</c>, <c>trimmed_share@value_tier:A</c>: an influence figure of one segment
/// (<see cref="Segment"/> category:123; without the suffix the segment is overall);</item>
/// <item><c>holdout_calibration_decile_03_observed_rate</c>, <c>holdout_decile_01_actual_sum</c>: one decile of a
/// table (<see cref="Decile"/> 3, <see cref="Field"/> observed_rate, <see cref="Base"/> holdout_calibration_decile);</item>
/// <item><c>recall@20 lambda=0.1 alpha=2</c>: a search point, its parameters after the first space
/// (<see cref="Parameters"/>).</item>
/// </list>
/// Any other name is its own <see cref="Base"/> with nothing else set.
/// </summary>
public sealed partial record MetricName(string Raw, string Base, int? AtK, string? Segment, int? Decile, string? Field, string? Parameters)
{
    /// <summary>Takes <paramref name="metric"/> apart; never fails (an unknown shape is a plain name).</summary>
    public static MetricName Parse(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = metric;
        string? parameters = null;
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            parameters = name[(space + 1)..].Trim();
            name = name[..space];
        }

        int? atK = null;
        string? segment = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            var tail = name[(at + 1)..];
            if (int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                atK = k;
            }
            else
            {
                segment = tail;
            }

            name = name[..at];
        }

        var decile = DecilePattern().Match(name);
        if (decile.Success)
        {
            return new MetricName(metric, decile.Groups["base"].Value, atK, segment,
                int.Parse(decile.Groups["decile"].Value, CultureInfo.InvariantCulture), decile.Groups["field"].Value, parameters);
        }

        return new MetricName(metric, name, atK, segment, null, null, parameters);
    }

    /// <summary>The segment, <c>overall</c> when the name carries none.</summary>
    public string SegmentOrOverall => Segment ?? "overall";

    [GeneratedRegex("^(?<base>.*_decile)_(?<decile>[0-9]{2})_(?<field>[a-z_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecilePattern();
}
