using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

/// <summary>Contexts over a test folder, stores that know the test artifacts, and a save-then-restore through two separate store instances.</summary>
internal static class CheckpointTestRun
{
    public const string RunId = "20260101T000000Z-test";

    private static readonly PipelineDefinition Pipeline = new()
    {
        Name = "test",
        FilePath = "/nowhere/test.pipeline.json",
        Sources = [],
        Stages = [new StageDefinition("ingest", default)],
    };

    /// <summary>The registry of a composition whose one stage declares <see cref="TestArtifacts"/>.</summary>
    public static ArtifactRegistry Artifacts { get; } = new([new TestArtifacts.ProducingStage()]);

    public static RunCheckpointStore Store(string folder) => new(folder, Artifacts);

    public static StageContext NewContext(string folder, DateOnly? snapshot = null) =>
        new(RunId, Pipeline, snapshot, 42, folder, new RunData());

    /// <summary>Saves what <paramref name="fill"/> puts in a fresh working store as stage "s", restores it with another store instance.</summary>
    public static RunData RoundTrip(string folder, Action<RunData> fill)
    {
        var context = NewContext(folder);
        fill(context.Data);
        Store(folder).Save("s", context);
        var restored = NewContext(folder);
        Store(folder).Restore(restored);
        return restored.Data;
    }
}
