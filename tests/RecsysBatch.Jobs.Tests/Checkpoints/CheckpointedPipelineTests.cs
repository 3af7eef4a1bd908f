using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Jobs.Checkpoints;
using RecsysBatch.Pipelines.Definitions;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

/// <summary>
/// The nightly pipeline over data/sample run twice: straight through in one working store, and stage by stage where
/// every stage starts from a fresh context restored from the checkpoints (as a stage job on another server would).
/// Both must leave exactly the same tables, metrics, notes and rejected lines.
/// </summary>
[TestClass]
public sealed class CheckpointedPipelineTests
{
    private const string RunId = "20260101T000000Z-checkpt";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task NightlyPipeline_EachStageFromRestoredCheckpoints_PublishesExactlyWhatAStraightRunDoes()
    {
        using var temp = new TempFolder();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Recsys:ArtifactsPath"] = Path.Combine(temp.Path, "runs"),
                ["Recsys:Warehouse"] = "duckdb:" + Path.Combine(temp.Path, "warehouse.duckdb"),
            })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddRecsysBatch(configuration).BuildServiceProvider();
        var registered = services.GetRequiredService<IEnumerable<IPipelineStage>>().ToList();
        var stages = registered.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var artifacts = new ArtifactRegistry(registered);
        var pipeline = services.GetRequiredService<PipelineFileLoader>().Load(Path.Combine(RepoRoot(), "pipelines", "nightly.pipeline.json"));
        var runDirectory = Path.Combine(temp.Path, "runs", RunId);
        var cancel = TestContext.CancellationToken;

        var straight = NewContext(pipeline, runDirectory);
        foreach (var definition in pipeline.Stages.Where(s => s.Enabled))
        {
            await RunStageAsync(straight, definition, stages[definition.Name], cancel);
        }

        var log = new List<string>();
        foreach (var definition in pipeline.Stages.Where(s => s.Enabled))
        {
            var store = new RunCheckpointStore(runDirectory, artifacts);
            var context = NewContext(pipeline, runDirectory);
            var clock = Stopwatch.StartNew();
            store.Restore(context);
            var restore = clock.Elapsed;
            await RunStageAsync(context, definition, stages[definition.Name], cancel);
            clock.Restart();
            store.Save(definition.Name, context);
            log.Add(string.Create(CultureInfo.InvariantCulture,
                $"{definition.Name}: restore before {restore.TotalMilliseconds:F0} ms, save {clock.Elapsed.TotalMilliseconds:F0} ms, file {new FileInfo(store.FilePath).Length / 1024.0:F0} KiB"));
        }

        var final = NewContext(pipeline, runDirectory);
        var timer = Stopwatch.StartNew();
        new RunCheckpointStore(runDirectory, artifacts).Restore(final);
        log.Add(string.Create(CultureInfo.InvariantCulture, $"full restore {timer.Elapsed.TotalMilliseconds:F0} ms"));
        TestContext.WriteLine(string.Join(Environment.NewLine, log));

        CollectionAssert.AreEqual(pipeline.Stages.Where(s => s.Enabled).Select(s => s.Name).ToList(), new RunCheckpointStore(runDirectory, artifacts).Completed.ToList());
        Assert.AreEqual(straight.SnapshotDate, final.SnapshotDate);
        Assert.IsTrue(straight.Data.Outputs.Count >= 10, $"the nightly pipeline should produce most of its tables, got {straight.Data.Outputs.Count}");
        WorkingStoreAssert.EventsEqual(straight.Data.RequireEvents(), final.Data.RequireEvents());
        WorkingStoreAssert.PublishedEqual(straight.Data, final.Data);
        CollectionAssert.AreEqual(straight.Data.Artifacts.Select(k => k.Name).ToList(), final.Data.Artifacts.Select(k => k.Name).ToList(), "working-store artifacts");
        var model = straight.Data.Artifacts.Select(straight.Data.GetItem).OfType<FactorModel>().Single();
        var restoredModel = final.Data.Artifacts.Select(final.Data.GetItem).OfType<FactorModel>().Single();
        Assert.IsTrue(model.UserFactors.AsSpan().SequenceEqual(restoredModel.UserFactors), "factor model");
    }

    private static StageContext NewContext(PipelineDefinition pipeline, string runDirectory) =>
        new(RunId, pipeline, null, 42, runDirectory, new RunData());

    /// <summary>What PipelineRunner does per stage: skip with a note when the stage cannot apply, else run it.</summary>
    private static async Task RunStageAsync(StageContext context, StageDefinition definition, IPipelineStage stage, CancellationToken cancellationToken)
    {
        context.Stage = definition;
        if (stage.CannotApplyReason(context) is { } reason)
        {
            context.Data.Notes.Add($"{stage.Name} skipped: {reason}");
            return;
        }

        await stage.RunAsync(context, cancellationToken);
    }

    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds may put the binaries outside the tree (RECSYS_ARTIFACTS); the source file is always inside.
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RecsysBatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RecsysBatch.sln not found above " + sourceFile);
    }
}
