using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;

namespace RecsysBatch.Core.Stages;

/// <summary>What a stage gets from the runner: the run's identity, time window, options, working store.</summary>
public sealed class StageContext
{
    private static readonly JsonSerializerOptions OptionsJson = new()
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly Dictionary<string, object> _boundOptions = new(StringComparer.Ordinal);
    private DateOnly? _snapshotDate;

    public StageContext(string runId, PipelineDefinition pipeline, DateOnly? snapshotDate, int seed, string artifactsDirectory, RunData data)
    {
        RunId = runId;
        Pipeline = pipeline;
        _snapshotDate = snapshotDate;
        Seed = seed;
        ArtifactsDirectory = artifactsDirectory;
        Data = data;
    }

    public string RunId { get; }

    public PipelineDefinition Pipeline { get; }

    public int Seed { get; }

    /// <summary>Folder of this run's artefacts (models, checkpoints): ArtifactsPath/run_id.</summary>
    public string ArtifactsDirectory { get; }

    public RunData Data { get; }

    /// <summary>
    /// The run's clock: when it started (UTC), as the runner's TimeProvider said. Ingest quarantines events later
    /// than this (plus a tolerance) and the default snapshot never passes the day after it.
    /// </summary>
    public DateTime ClockUtc { get; init; } = DateTime.UtcNow;

    /// <summary>The stage now running (set by the runner).</summary>
    public StageDefinition? Stage { get; set; }

    /// <summary>Reports progress of the stage now running.</summary>
    public IProgress<StageProgress>? Progress { get; set; }

    public int HorizonDays => Pipeline.HorizonDays;

    /// <summary>
    /// Each stage's options object as <see cref="GetOptions{T}"/> last returned it (defaults filled in), by stage
    /// name: what the run records as its effective configuration without each stage reporting it.
    /// </summary>
    public IReadOnlyDictionary<string, object> BoundOptions => _boundOptions;

    /// <summary>A stage's own horizon option when it sets one (&gt; 0), else the pipeline's <see cref="HorizonDays"/>.</summary>
    public int HorizonDaysOr(int stageHorizonDays) => stageHorizonDays > 0 ? stageHorizonDays : HorizonDays;

    public bool HasSnapshotDate => _snapshotDate.HasValue;

    /// <summary>The as-of date: stages see only events with ts before it.</summary>
    public DateOnly SnapshotDate =>
        _snapshotDate ?? throw new InvalidOperationException("The snapshot date is not known before ingest has read the sources.");

    /// <summary>snapshot_date as UTC unix milliseconds (the exclusive upper bound of usable event times).</summary>
    public long CutoffMs => Timestamps.ToUnixMs(SnapshotDate);

    /// <summary>Sets the snapshot when none was given (ingest: the UTC day after the newest event).</summary>
    public void ResolveSnapshotDate(DateOnly date)
    {
        if (_snapshotDate.HasValue && _snapshotDate.Value != date)
        {
            throw new InvalidOperationException($"The snapshot date is already {_snapshotDate:yyyy-MM-dd}.");
        }

        _snapshotDate = date;
    }

    public void ReportProgress(double fraction, string? detail = null) =>
        Progress?.Report(new StageProgress(Stage?.Name ?? "", Math.Clamp(fraction, 0, 1), detail));

    /// <summary>
    /// Progress inside one phase of a long stage as rows done of a total: the stage's fraction moves from
    /// <paramref name="phaseStart"/> to <paramref name="phaseEnd"/> and the detail reads "PHASE: DONE / TOTAL UNIT"
    /// (e.g. "scoring candidates: 120,000 / 410,000 users"), which the log lines and the dashboard show.
    /// </summary>
    public void ReportRows(double phaseStart, double phaseEnd, string phase, long done, long total, string unit = "rows")
    {
        if (Progress is null)
        {
            return;
        }

        var share = total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 1;
        ReportProgress(phaseStart + ((phaseEnd - phaseStart) * share),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{phase}: {done:N0} / {total:N0} {unit}"));
    }

    /// <summary>
    /// Binds the running stage's options object to <typeparamref name="T"/> (missing → defaults) and validates
    /// its data annotations; a bad value is a <see cref="RecsysException"/> naming the stage and the option.
    /// </summary>
    public T GetOptions<T>()
        where T : new()
    {
        var stage = Stage ?? throw new InvalidOperationException("No stage is running.");
        T options;
        try
        {
            options = stage.Options.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? new T()
                : stage.Options.Deserialize<T>(OptionsJson) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new RecsysException($"{Pipeline.FilePath}: options of stage '{stage.Name}': {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var problems = string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            throw new RecsysException($"{Pipeline.FilePath}: options of stage '{stage.Name}' are invalid: {problems}");
        }

        _boundOptions[stage.Name] = options;
        return options;
    }
}
