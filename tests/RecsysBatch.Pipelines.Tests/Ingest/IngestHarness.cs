using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

/// <summary>Runs the real ingest stage as the runner would, and reads events back with their original ids.</summary>
internal static class IngestHarness
{
    /// <summary>The run's clock of tests that do not give one: after every test event, so none is in the future.</summary>
    public static readonly DateTime DefaultClock = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static StageContext Context(IReadOnlyList<SourceSpec> sources, DateOnly? snapshot = null, string? options = null, DateTime? clock = null)
    {
        var stage = new StageDefinition(IngestStage.StageName, options is null ? default : JsonDocument.Parse(options).RootElement.Clone());
        var pipeline = new PipelineDefinition
        {
            Name = "t",
            FilePath = "/tmp/t.pipeline.json",
            Sources = sources,
            Stages = [stage],
        };
        return new StageContext("run-1", pipeline, snapshot, 7, Path.GetTempPath(), new RunData()) { Stage = stage, ClockUtc = clock ?? DefaultClock };
    }

    public static StageContext Run(IReadOnlyList<SourceSpec> sources, DateOnly? snapshot = null, string? options = null, DateTime? clock = null)
    {
        var context = Context(sources, snapshot, options, clock);
        RunStage(context);
        return context;
    }

    public static StageContext Run(string format, string path, DateOnly? snapshot = null, string? options = null, DateTime? clock = null) =>
        Run([new SourceSpec(format, path)], snapshot, options, clock);

    /// <summary>Runs the ingest stage on a prepared context (to look at it after a failure).</summary>
    public static void RunStage(StageContext context) =>
        new IngestStage(NullLogger<IngestStage>.Instance).RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();

    public static RecsysException Fails(string format, string path, string? options = null) =>
        Assert.ThrowsExactly<RecsysException>(() => Run(format, path, options: options));

    /// <summary>Event <paramref name="i"/> as "user|item|category|type|ISO ts|value" with original ids ("-" for none).</summary>
    public static string Describe(EventTable events, int i)
    {
        var item = events.ItemKey[i] == EventTable.NoKey ? "-" : events.Items[events.ItemKey[i]];
        var category = events.CategoryKey[i] == EventTable.NoKey ? "-" : events.Categories[events.CategoryKey[i]];
        var value = double.IsNaN(events.Value[i]) ? "-" : events.Value[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var ts = Timestamps.ToUtcDateTime(events.TimestampMs[i]).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        return $"{events.Users[events.UserKey[i]]}|{item}|{category}|{events.Type[i].ToName()}|{ts}|{value}";
    }

    /// <summary>The sequences are equal (a params array, so tests list expected values inline).</summary>
    public static void Same<T>(IEnumerable<T> actual, params T[] expected) => CollectionAssert.AreEqual(expected, actual.ToList());

    public static List<string> DescribeAll(EventTable events) => [.. Enumerable.Range(0, events.Count).Select(i => Describe(events, i))];
}
