using System.Diagnostics;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// A run as one process holds it while it executes steps of it: its folder, manifest, pipeline, warehouse and working
/// store. A staged step (Hangfire) opens one over the run's checkpoints: the working store is restored from them when
/// first needed and each stage is saved to them. `recsys run` keeps one for the whole run with its checkpoints in
/// memory: the working store stays in hand from stage to stage, nothing is written or restored.
/// </summary>
internal sealed class RunSession
{
    private readonly RunCheckpointStore? _store;
    private readonly List<string> _saved = [];
    private readonly Func<StageContext> _newContext;
    private StageContext? _context;

    private RunSession(RunFolder folder, RunManifest manifest, PipelineDefinition pipeline, IWarehouse warehouse, RunCheckpointStore? store, Func<StageContext> newContext)
    {
        Folder = folder;
        Manifest = manifest;
        Pipeline = pipeline;
        Warehouse = warehouse;
        _store = store;
        _newContext = newContext;
    }

    public RunFolder Folder { get; }

    public RunManifest Manifest { get; }

    public PipelineDefinition Pipeline { get; }

    public IWarehouse Warehouse { get; }

    /// <summary>True for a run executed whole in this process (checkpoints in memory).</summary>
    public bool InProcess => _store is null;

    /// <summary>The stages' reports in the order they ran in this session.</summary>
    public List<StageReport> Reports { get; } = [];

    /// <summary>Started with the session: the duration a result reports.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The run's context: for a staged step, restored from the checkpoints on first use.</summary>
    public StageContext Context
    {
        get
        {
            if (_context is null)
            {
                var context = _newContext();
                _store?.Restore(context);
                _context = context;
            }

            return _context;
        }
    }

    /// <summary>Stage (or "STAGE.prepare") names with a checkpoint, in save order.</summary>
    public IReadOnlyList<string> Completed => _store?.Completed ?? [.. _saved];

    public static RunSession InMemory(RunFolder folder, RunManifest manifest, PipelineDefinition pipeline, IWarehouse warehouse, StageContext context) =>
        new(folder, manifest, pipeline, warehouse, null, () => context);

    public static RunSession OverCheckpoints(RunFolder folder, ArtifactRegistry artifacts, RunManifest manifest, PipelineDefinition pipeline, IWarehouse warehouse, Func<StageContext> newContext, long? duckDbMemoryLimitBytes = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new(folder, manifest, pipeline, warehouse, folder.OpenCheckpoints(artifacts, duckDbMemoryLimitBytes), newContext);
    }

    public bool Has(string checkpoint) => _store?.Has(checkpoint) ?? _saved.Contains(checkpoint);

    /// <summary>Checkpoints the working store as it is now under <paramref name="checkpoint"/>.</summary>
    public void Save(string checkpoint)
    {
        if (_store is null)
        {
            if (!_saved.Contains(checkpoint))
            {
                _saved.Add(checkpoint);
            }
        }
        else
        {
            _store.Save(checkpoint, Context);
        }
    }
}
