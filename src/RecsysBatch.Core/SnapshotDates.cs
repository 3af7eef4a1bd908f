using System.Globalization;

namespace RecsysBatch.Core;

/// <summary>Snapshot dates as users write them (YYYY-MM-DD, UTC) and the longest backfill one request may cover.</summary>
public static class SnapshotDates
{
    /// <summary>The one date format of options, query parameters and run folders.</summary>
    public const string Format = "yyyy-MM-dd";

    /// <summary>At most a year (a leap year) per backfill: a typo in a year should not start a decade of runs.</summary>
    public const int MaxBackfillDays = 366;

    /// <summary>Parses exactly YYYY-MM-DD (no time, no other order); false for anything else, null included.</summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The dates from <paramref name="first"/> to <paramref name="last"/>, both included (0 or less when last is before first).</summary>
    public static int DaysBetween(DateOnly first, DateOnly last) => last.DayNumber - first.DayNumber + 1;
}
