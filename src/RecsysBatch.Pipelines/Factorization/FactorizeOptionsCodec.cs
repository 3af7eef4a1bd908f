using System.Text.Json;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Checkpoints the factorize options a run resolved (<see cref="FactorizeArtifacts.Options"/>) as length-prefixed
/// UTF-8 JSON, the format of the pipeline file's options ("auto" for an unresolved λ or α); doubles round-trip exactly.
/// </summary>
internal sealed class FactorizeOptionsCodec : IArtifactCodec<FactorizeOptions>
{
    public string Id => "factorize-options.v1";

    public void Write(Stream stream, FactorizeOptions value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new ArtifactWriter(stream);
        writer.Write(JsonSerializer.SerializeToUtf8Bytes(value));
    }

    public FactorizeOptions Read(Stream stream)
    {
        using var reader = new ArtifactReader(stream, Id);
        var json = reader.ReadArray<byte>();
        try
        {
            return JsonSerializer.Deserialize<FactorizeOptions>(json) ?? throw reader.Corrupt("the options are null");
        }
        catch (JsonException ex)
        {
            throw reader.Corrupt("the options are not valid JSON: " + ex.Message);
        }
    }
}
