namespace RecsysBatch.Core.Events;

/// <summary>Conversions between snapshot dates and the UTC unix-millisecond timestamps of events.</summary>
public static class Timestamps
{
    public const long MillisPerDay = 86_400_000L;

    public static long ToUnixMs(DateOnly dayUtc) =>
        new DateTimeOffset(dayUtc.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static DateOnly DayOf(long unixMs) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime);

    public static DateTime ToUtcDateTime(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
}
