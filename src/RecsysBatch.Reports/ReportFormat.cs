using System.Globalization;

namespace RecsysBatch.Reports;

/// <summary>How the report writes numbers and times (invariant culture, UTC).</summary>
internal static class ReportFormat
{
    public static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    public static string Number(double value) => double.IsFinite(value)
        ? (Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture))
        : "—";

    public static string Time(DateTime? value) => value is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Invariant(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }
}
