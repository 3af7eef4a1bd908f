namespace RecsysBatch.Cli.Tests;

/// <summary>A clock that moves only when a test advances it (wall clock and timestamps alike).</summary>
internal sealed class SteppingClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 11, 1, 2, 30, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp() => now.UtcTicks;

    public void Advance(TimeSpan by) => now += by;
}
