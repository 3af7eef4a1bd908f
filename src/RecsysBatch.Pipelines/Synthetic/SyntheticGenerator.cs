using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// `recsys sample`: writes events.csv (canonical format, sorted by time) and ground_truth.json (the planted story).
/// The same options give byte-identical files; <see cref="WriteEvents"/> writes the very same events.csv bytes.
/// </summary>
public static class SyntheticGenerator
{
    public const string EventsFileName = "events.csv";

    /// <summary>Writes events.csv and ground_truth.json into <paramref name="outDirectory"/> (created if missing).</summary>
    public static SyntheticSummary Generate(SyntheticOptions options, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        var world = SyntheticWorld.Create(options);
        Directory.CreateDirectory(outDirectory);
        var simulator = new SyntheticSimulator(world);
        var tracker = new TruthTracker(world);
        using (var stream = new FileStream(Path.Combine(outDirectory, EventsFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            simulator.Run(new EventCsvWriter(stream), tracker);
        }

        var summary = Summarize(world, simulator, tracker);
        GroundTruthBuilder.Build(world, simulator, tracker, summary).Save(Path.Combine(outDirectory, GroundTruth.FileName));
        return summary;
    }

    /// <summary>
    /// Streams the events only (no ground truth, nothing kept per event beyond one day's buffer), for benchmarks
    /// that need millions of rows. Returns the number of events written.
    /// </summary>
    public static long WriteEvents(SyntheticOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var world = SyntheticWorld.Create(options);
        return new SyntheticSimulator(world).Run(new EventCsvWriter(output), tracker: null);
    }

    private static SyntheticSummary Summarize(SyntheticWorld world, SyntheticSimulator simulator, TruthTracker tracker)
    {
        var counts = simulator.TypeCounts;
        return new SyntheticSummary(
            counts.Sum(),
            counts[(int)EventType.View],
            counts[(int)EventType.Click],
            counts[(int)EventType.Fav],
            counts[(int)EventType.Cart],
            counts[(int)EventType.Purchase],
            world.Users.Count,
            world.Items.Count,
            tracker.Events.Count(e => e > 0),
            simulator.DropoutDay.Count(d => d >= 0));
    }
}
