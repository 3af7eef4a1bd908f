namespace RecsysBatch.Host.Tests;

/// <summary>A clock that moves only when a test says so, for cache lifetimes and limit windows.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
