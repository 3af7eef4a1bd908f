using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Checkpoints a <see cref="FactorModel"/> bit-exact: sizes, mean, the factor rows as stored and the optional biases.
/// Rows are padded to a stride that depends on the machine's vector width (<see cref="FactorMath.StrideFor"/>), so a
/// model written on a machine with another width is re-laid out (values kept, padding zero) instead of misread.
/// </summary>
internal sealed class FactorModelCodec : IArtifactCodec<FactorModel>
{
    public string Id => "factor-model.v1";

    public void Write(Stream stream, FactorModel value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new ArtifactWriter(stream);
        writer.Write(value.Users);
        writer.Write(value.Items);
        writer.Write(value.Rank);
        writer.Write(value.Stride);
        writer.Write(value.GlobalMean);
        writer.Write(value.UserFactors);
        writer.Write(value.ItemFactors);
        writer.WriteNullable(value.UserBias);
        writer.WriteNullable(value.ItemBias);
    }

    public FactorModel Read(Stream stream)
    {
        using var reader = new ArtifactReader(stream, Id);
        var users = reader.ReadInt32();
        var items = reader.ReadInt32();
        var rank = reader.ReadInt32();
        var stride = reader.ReadInt32();
        var mean = reader.ReadSingle();
        var userFactors = reader.ReadArray<float>();
        var itemFactors = reader.ReadArray<float>();
        var userBias = reader.ReadNullableArray<float>();
        var itemBias = reader.ReadNullableArray<float>();
        if (users < 0 || items < 0 || rank < 1 || stride < rank
            || (long)users * stride != userFactors.Length || (long)items * stride != itemFactors.Length
            || (userBias is not null && userBias.Length != users) || (itemBias is not null && itemBias.Length != items))
        {
            throw reader.Corrupt("factor arrays do not match the model's sizes");
        }

        var localStride = FactorMath.StrideFor(rank);
        if (localStride != stride)
        {
            userFactors = Relayout(userFactors, users, rank, stride, localStride);
            itemFactors = Relayout(itemFactors, items, rank, stride, localStride);
        }

        return new FactorModel(users, items, rank, userFactors, itemFactors, mean, userBias, itemBias);
    }

    /// <summary>Rows of <paramref name="count"/> × <paramref name="rank"/> values from stride <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal static float[] Relayout(float[] rows, int count, int rank, int from, int to)
    {
        var result = new float[(long)count * to];
        for (var r = 0; r < count; r++)
        {
            rows.AsSpan(r * from, rank).CopyTo(result.AsSpan(r * to, rank));
        }

        return result;
    }
}
