using System.Numerics;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// A factorization: sizes, mean, the factor rows as stored and the optional biases, bit-exact. Rows are padded to a
/// stride that depends on the machine's vector width, so a checkpoint restored on a machine with another width is
/// re-laid out (values kept, padding zero) instead of being misread.
/// </summary>
internal static class FactorModelCodec
{
    public const string Id = "factor-model";

    public static void Write(CheckpointFileWriter writer, FactorModel model)
    {
        writer.WriteInt32(model.Users);
        writer.WriteInt32(model.Items);
        writer.WriteInt32(model.Rank);
        writer.WriteInt32(model.Stride);
        writer.WriteSingle(model.GlobalMean);
        writer.WriteArray<float>(model.UserFactors);
        writer.WriteArray<float>(model.ItemFactors);
        writer.WriteNullableArray(model.UserBias);
        writer.WriteNullableArray(model.ItemBias);
    }

    public static FactorModel Read(CheckpointFileReader reader)
    {
        var users = reader.ReadCount();
        var items = reader.ReadCount();
        var rank = reader.ReadCount();
        var stride = reader.ReadCount();
        var mean = reader.ReadSingle();
        var userFactors = reader.ReadArray<float>();
        var itemFactors = reader.ReadArray<float>();
        var userBias = reader.ReadNullableArray<float>();
        var itemBias = reader.ReadNullableArray<float>();
        if (rank < 1 || stride < rank || (long)users * stride != userFactors.Length || (long)items * stride != itemFactors.Length
            || (userBias is not null && userBias.Length != users) || (itemBias is not null && itemBias.Length != items))
        {
            throw reader.Corrupt("factor arrays do not match the model's sizes");
        }

        // FactorMath.StrideFor of this machine (FactorModel computes the same from the rank).
        var localStride = (rank + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        if (localStride != stride)
        {
            userFactors = Relayout(userFactors, users, rank, stride, localStride);
            itemFactors = Relayout(itemFactors, items, rank, stride, localStride);
        }

        return new FactorModel(users, items, rank, userFactors, itemFactors, mean, userBias, itemBias);
    }

    private static float[] Relayout(float[] rows, int count, int rank, int from, int to)
    {
        var result = new float[count * to];
        for (var r = 0; r < count; r++)
        {
            rows.AsSpan(r * from, rank).CopyTo(result.AsSpan(r * to, rank));
        }

        return result;
    }
}
