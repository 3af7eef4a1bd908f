using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>The rank stage's prepared model for its scoring shards: the ONNX bytes, version and training note.</summary>
internal static class PreparedRankerCodec
{
    public const string Id = "prepared-ranker";

    public static void Write(CheckpointFileWriter writer, PreparedRanker ranker)
    {
        writer.WriteArray<byte>(ranker.Model);
        writer.WriteString(ranker.Version);
        writer.WriteString(ranker.Training);
    }

    public static PreparedRanker Read(CheckpointFileReader reader)
    {
        var model = reader.ReadArray<byte>();
        return new PreparedRanker(model, reader.RequireString(), reader.RequireString());
    }
}
