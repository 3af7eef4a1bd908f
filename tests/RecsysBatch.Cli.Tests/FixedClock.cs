namespace RecsysBatch.Cli.Tests;

/// <summary>A clock standing still at a given instant: for runs that must not depend on today's date.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
