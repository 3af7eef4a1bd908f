using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The artifact keys the registered stages declare (<see cref="IPipelineStage.Produces"/>), by name: a checkpoint
/// restores a blob with the codec of the key of the same name, so the checkpoint store knows no stage type. Two
/// different keys of one name are a composition error.
/// </summary>
public sealed class ArtifactRegistry
{
    private readonly Dictionary<string, ArtifactKey> _keys = new(StringComparer.Ordinal);

    public ArtifactRegistry(IEnumerable<IPipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            foreach (var key in stage.Produces)
            {
                if (_keys.TryGetValue(key.Name, out var known) && !ReferenceEquals(known, key))
                {
                    throw new InvalidOperationException($"Two artifacts are named '{key.Name}' ({known.Type.Name} and {key.Type.Name}); stage '{stage.Name}' declares the second.");
                }

                _keys[key.Name] = key;
            }
        }
    }

    /// <summary>No stage declares anything: a store with it checkpoints events, tables and lists, and no artifact.</summary>
    public static ArtifactRegistry Empty { get; } = new([]);

    public IReadOnlyCollection<ArtifactKey> Keys => _keys.Values;

    /// <summary>The key named <paramref name="name"/>, or null when no registered stage declares one.</summary>
    public ArtifactKey? Find(string name) => _keys.GetValueOrDefault(name);
}
