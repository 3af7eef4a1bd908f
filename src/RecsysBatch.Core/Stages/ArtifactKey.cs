namespace RecsysBatch.Core.Stages;

/// <summary>
/// How one artifact type is written to a checkpoint and read back: bytes in, bytes out, so the checkpoint store
/// (Jobs) needs to know no stage type. Lives beside the type it stores; <see cref="Id"/> names the format and its
/// version (change it when the layout changes, keep a reader for the old one while old checkpoints can exist).
/// </summary>
public interface IArtifactCodec<T>
    where T : class
{
    /// <summary>Stable format id stored with every blob, e.g. "factor-model.v1".</summary>
    string Id { get; }

    /// <summary>Why this particular value cannot be stored (e.g. a column type), or null.</summary>
    string? Unsupported(T value) => null;

    void Write(Stream stream, T value);

    /// <summary>Reads a value back; throws <see cref="InvalidDataException"/> naming what is wrong when the bytes do not hold one.</summary>
    T Read(Stream stream);
}

/// <summary>
/// The name and type of something one stage leaves in the run's working store for later stages
/// (<see cref="RunData.Set{T}(ArtifactKey{T}, T)"/>), with the codec that checkpoints it. Declared by the stage
/// that produces it (<see cref="IPipelineStage.Produces"/>), so the runner can check a pipeline's order and the
/// checkpoint store can restore it by <see cref="Name"/>.
/// </summary>
public abstract class ArtifactKey
{
    private protected ArtifactKey(string name, Type type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
    }

    /// <summary>"stage.what", unique among all stages' artifacts.</summary>
    public string Name { get; }

    public Type Type { get; }

    /// <summary>The codec's format id.</summary>
    public abstract string CodecId { get; }

    public abstract string? Unsupported(object value);

    public abstract void Write(Stream stream, object value);

    public abstract object Read(Stream stream);

    public override string ToString() => Name;
}

/// <summary>A typed <see cref="ArtifactKey"/>: <c>data.Get(FactorizeArtifacts.Model)</c> is a FactorModel, checked at compile time.</summary>
public sealed class ArtifactKey<T>(string name, IArtifactCodec<T> codec) : ArtifactKey(name, typeof(T))
    where T : class
{
    public IArtifactCodec<T> Codec { get; } = codec ?? throw new ArgumentNullException(nameof(codec));

    public override string CodecId => Codec.Id;

    public override string? Unsupported(object value) => Codec.Unsupported((T)value);

    public override void Write(Stream stream, object value) => Codec.Write(stream, (T)value);

    public override object Read(Stream stream) => Codec.Read(stream);
}
