using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Stages;
using RecsysBatch.Jobs.Checkpoints;
using RecsysBatch.Pipelines;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// The checkpoint save of a served run: runs the stages of a pipeline (default pipelines/nightly.pipeline.json over
/// data/sample) once in-process and, after each stage, saves the working store into R separate checkpoint files
/// (each store with its own baseline, as a run session's); reports the median save time per stage and in total.
/// </summary>
internal static class CheckpointSaveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var runs = (int)options.GetLong("runs", 3);
        var file = Path.GetFullPath(options.Get("pipeline", Path.Combine("pipelines", "nightly.pipeline.json")));
        using var services = new ServiceCollection().AddLogging().AddRecsysPipelines().BuildServiceProvider();
        var stages = services.GetServices<IPipelineStage>().ToList();
        var byName = stages.ToDictionary(s => s.Name);
        var pipeline = new PipelineFileLoader(stages).Load(file);
        var root = Path.Combine(Path.GetTempPath(), "recsys-bench-checkpoints", Guid.NewGuid().ToString("N"));
        var artifacts = new ArtifactRegistry(stages);
        var stores = Enumerable.Range(0, runs).Select(r => new RunCheckpointStore(Path.Combine(root, $"run{r}"), artifacts)).ToArray();
        var context = new StageContext("bench", pipeline, null, 42, Path.Combine(root, "artifacts"), new RunData());
        Console.WriteLine($"pipeline: {file}, {Environment.ProcessorCount} cores, {runs} saves per stage");
        double total = 0;
        foreach (var stage in pipeline.Stages)
        {
            context.Stage = stage;
            var run = Stopwatch.StartNew();
            await byName[stage.Name].RunAsync(context, CancellationToken.None);
            var ran = run.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            foreach (var store in stores)
            {
                var clock = Stopwatch.StartNew();
                store.Save(stage.Name, context);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var median = times[times.Count / 2];
            total += median;
            Console.WriteLine($"{stage.Name,-10} ran {ran,8:F0} ms, save median {median,7:F0} ms (min {times[0]:F0}, max {times[^1]:F0})");
        }

        var size = new FileInfo(stores[0].FilePath).Length;
        Console.WriteLine($"total save (sum of medians): {total:F0} ms; file {size / 1e6:F1} MB");
        var restore = Stopwatch.StartNew();
        var restored = new StageContext("bench", pipeline, null, 42, Path.Combine(root, "artifacts"), new RunData());
        new RunCheckpointStore(Path.Combine(root, "run0"), artifacts).Restore(restored);
        Console.WriteLine($"restore: {restore.Elapsed.TotalMilliseconds:F0} ms ({restored.Data.Outputs.Count} output tables)");
        Directory.Delete(root, recursive: true);
        return 0;
    }
}
