using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Checkpoints a <see cref="PreparedRanker"/>: the ONNX bytes, version, training note, and the champion scorer with its calibration, bit-exact.</summary>
internal sealed class PreparedRankerCodec : IArtifactCodec<PreparedRanker>
{
    public string Id => "prepared-ranker.v1";

    public void Write(Stream stream, PreparedRanker value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new ArtifactWriter(stream);
        writer.Write(value.Model);
        writer.Write(value.Version);
        writer.Write(value.Training);
        var calibration = value.Calibration;
        writer.Write(calibration.Scorer);
        writer.Write(calibration.Center);
        writer.Write(calibration.Scale);
        writer.Write(calibration.Slope);
        writer.Write(calibration.Intercept);
        writer.Write(value.Undecided);
    }

    public PreparedRanker Read(Stream stream)
    {
        using var reader = new ArtifactReader(stream, Id);
        var model = reader.ReadArray<byte>();
        var version = reader.ReadString();
        var training = reader.ReadString();
        var calibration = new ScorerCalibration(reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        return new PreparedRanker(model, version, training, calibration, reader.ReadBoolean());
    }
}
