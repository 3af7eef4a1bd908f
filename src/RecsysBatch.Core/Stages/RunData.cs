using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// The run's working store: what stages hand to each other in memory, and what publish will write.
/// Nothing here is visible to analysts until publish commits.
/// </summary>
public sealed class RunData
{
    private readonly Dictionary<string, OutputTable> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArtifactKey> _keys = new(StringComparer.Ordinal);

    /// <summary>Canonical events with ts &lt; snapshot_date (set by ingest; null again after <see cref="ReleaseEvents"/>).</summary>
    public EventTable? Events { get; set; }

    /// <summary>True once ingest has set the event table, also after <see cref="ReleaseEvents"/> dropped it.</summary>
    public bool IngestFinished => Events is not null || _eventsReleased;

    private bool _eventsReleased;

    /// <summary>
    /// Drops the event table once no stage will read it (an in-process run, before its publish): ingest's counts stay,
    /// and so do the output tables, which hold the id maps and titles they show, not the events.
    /// </summary>
    public void ReleaseEvents()
    {
        _eventsReleased |= Events is not null;
        Events = null;
    }

    /// <summary>Counts from ingest, for job_runs and the run summary.</summary>
    public IngestSummary? Ingest { get; set; }

    public List<RejectedEvent> Rejected { get; } = [];

    public List<ModelMetric> Metrics { get; } = [];

    /// <summary>Warnings and skip notes shown in the run summary and stored in job_runs.notes.</summary>
    public List<string> Notes { get; } = [];

    public IReadOnlyCollection<OutputTable> Outputs => _outputs.Values;

    /// <summary>
    /// Why a stage cannot apply to these events: none before the snapshot, or (when <paramref name="requireItems"/>)
    /// no item ids. Null when they are usable, and also when ingest has not run, so that the stage fails loudly in
    /// RunAsync instead of being skipped.
    /// </summary>
    public string? EventsUnusableReason(bool requireItems) => Events switch
    {
        null => null,
        { Count: 0 } => "no events before the snapshot date",
        { HasItems: false } when requireItems => "the events have no item ids",
        _ => null,
    };

    /// <summary>
    /// The stage preamble in one call: the events when ingest left usable ones; else null, with
    /// <paramref name="unusable"/> saying why they cannot serve (<see cref="EventsUnusableReason"/>), or null too when
    /// ingest has not run (so CannotApplyReason returns null and the stage fails loudly in RunAsync).
    /// </summary>
    public EventTable? UsableEvents(bool requireItems, out string? unusable)
    {
        unusable = EventsUnusableReason(requireItems);
        return unusable is null ? Events : null;
    }

    /// <summary>Events as ingest left them; throws when ingest has not run.</summary>
    public EventTable RequireEvents() =>
        Events ?? throw new InvalidOperationException("No events in the working store: the pipeline must start with the ingest stage.");

    public void AddOutput(OutputTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_outputs.TryAdd(table.Name, table))
        {
            throw new InvalidOperationException($"Table {table.Name} was already produced in this run.");
        }
    }

    public bool TryGetOutput(string table, out OutputTable output) => _outputs.TryGetValue(table, out output!);

    /// <summary>The rows of <paramref name="table"/> an earlier stage produced in this run, or null (e.g. an optional input whose stage did not run).</summary>
    public OutputTable? GetOutput(TableSchema table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return _outputs.GetValueOrDefault(table.Name);
    }

    /// <summary>The rows of <paramref name="table"/> (a required input, <see cref="StageInput.Requires(TableSchema)"/>); throws naming it when no earlier stage produced it.</summary>
    public OutputTable RequireOutput(TableSchema table) =>
        GetOutput(table) ?? throw new InvalidOperationException($"No table '{table.Name}' in the working store: the stage that produces it must run earlier.");

    /// <summary>Stores an artifact for later stages; a second Set replaces it (and bumps its version).</summary>
    public void Set<T>(ArtifactKey<T> key, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_keys.TryGetValue(key.Name, out var known) && !ReferenceEquals(known, key))
        {
            throw new InvalidOperationException($"Two artifact keys are named '{key.Name}'.");
        }

        _keys[key.Name] = key;
        _items[key.Name] = value;
        _versions[key.Name] = VersionOf(key) + 1;
    }

    /// <summary>The artifact stored under <paramref name="key"/>, or null when no stage has set it in this run.</summary>
    public T? Get<T>(ArtifactKey<T> key)
        where T : class => _items.TryGetValue(key.Name, out var value) ? (T)value : null;

    /// <summary>The artifact stored under <paramref name="key"/>; throws naming it when no earlier stage set it.</summary>
    public T Require<T>(ArtifactKey<T> key)
        where T : class =>
        Get(key) ?? throw new InvalidOperationException($"No artifact '{key.Name}' in the working store: the stage that produces it must run earlier.");

    /// <summary>The artifacts stored with a typed key, in order of first Set (checkpoints persist them between stage jobs).</summary>
    public IReadOnlyCollection<ArtifactKey> Artifacts => [.. _items.Keys.Select(k => _keys[k])];

    /// <summary>The artifact stored under <paramref name="key"/>, whatever its type; throws when there is none.</summary>
    public object GetItem(ArtifactKey key) =>
        _items.TryGetValue(key.Name, out var value) ? value : throw new KeyNotFoundException($"No artifact '{key.Name}' in the working store.");

    /// <summary>How many times <paramref name="key"/> was Set or restored (0: never), so a checkpoint can tell a replaced artifact from a kept one.</summary>
    public int VersionOf(ArtifactKey key) => _versions.TryGetValue(key.Name, out var version) ? version : 0;

    /// <summary>Puts back an artifact read from a checkpoint (its type is checked against the key).</summary>
    public void Restore(ArtifactKey key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!key.Type.IsInstanceOfType(value))
        {
            throw new InvalidOperationException($"Artifact '{key.Name}' holds a {key.Type.Name}, not a {value.GetType().Name}.");
        }

        _keys[key.Name] = key;
        _items[key.Name] = value;
        _versions[key.Name] = VersionOf(key) + 1;
    }
}
