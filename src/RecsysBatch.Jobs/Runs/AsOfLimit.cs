using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The latest snapshot a run may be asked for: the day after today (UTC, by the run's TimeProvider), which is the
/// default snapshot of a run over today's events. A later date is a typo or a wrong clock, and its publish would
/// sort after every real snapshot (and drive retention), so it is refused before anything runs.
/// </summary>
public static class AsOfLimit
{
    /// <summary>The latest snapshot date allowed now.</summary>
    public static DateOnly Latest(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1);
    }

    /// <summary>Throws a <see cref="RecsysException"/> naming <paramref name="option"/> when <paramref name="asOf"/> is too late.</summary>
    public static void Check(DateOnly? asOf, TimeProvider time, string option = "--as-of")
    {
        var latest = Latest(time);
        if (asOf is { } date && date > latest)
        {
            throw new RecsysException(
                $"{option} {date:yyyy-MM-dd} is in the future: a snapshot can be at most the day after today (UTC), {latest:yyyy-MM-dd}.");
        }
    }
}
