using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>The rank stage's prepared model for its scoring shards: the ONNX bytes, version, training note and the champion scorer with its calibration.</summary>
internal static class PreparedRankerCodec
{
    public const string Id = "prepared-ranker";

    public static void Write(CheckpointFileWriter writer, PreparedRanker ranker)
    {
        writer.WriteArray<byte>(ranker.Model);
        writer.WriteString(ranker.Version);
        writer.WriteString(ranker.Training);
        var calibration = ranker.Calibration;
        writer.WriteString(calibration.Scorer);
        writer.WriteDouble(calibration.Center);
        writer.WriteDouble(calibration.Scale);
        writer.WriteDouble(calibration.Slope);
        writer.WriteDouble(calibration.Intercept);
        writer.WriteBoolean(ranker.Undecided);
    }

    public static PreparedRanker Read(CheckpointFileReader reader)
    {
        var model = reader.ReadArray<byte>();
        var version = reader.RequireString();
        var training = reader.RequireString();
        var calibration = new ScorerCalibration(reader.RequireString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        return new PreparedRanker(model, version, training, calibration, reader.ReadBoolean());
    }
}
