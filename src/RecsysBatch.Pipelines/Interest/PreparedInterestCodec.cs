using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>Checkpoints a <see cref="PreparedInterest"/>: the model's zip bytes and the snapshot population, bit-exact.</summary>
internal sealed class PreparedInterestCodec : IArtifactCodec<PreparedInterest>
{
    public string Id => "prepared-interest.v1";

    public void Write(Stream stream, PreparedInterest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new ArtifactWriter(stream);
        writer.WriteNullable(value.Model);
        var population = value.Population;
        writer.Write(population.PopLong);
        writer.Write(population.PopLast);
        writer.Write(population.PopularOrder);
        writer.Write(population.Successors.Length);
        foreach (var (next, p) in population.Successors)
        {
            writer.Write(next);
            writer.Write(p);
        }
    }

    public PreparedInterest Read(Stream stream)
    {
        using var reader = new ArtifactReader(stream, Id);
        var model = reader.ReadNullableArray<byte>();
        var popLong = reader.ReadArray<double>();
        var popLast = reader.ReadArray<double>();
        var order = reader.ReadArray<int>();
        var count = reader.ReadInt32();
        if (count != popLong.Length || popLast.Length != popLong.Length)
        {
            throw reader.Corrupt($"{count} successor lists and {popLast.Length} recent shares for {popLong.Length} categories");
        }

        var successors = new (int[] Next, double[] P)[count];
        for (var c = 0; c < count; c++)
        {
            var next = reader.ReadArray<int>();
            var p = reader.ReadArray<double>();
            if (p.Length != next.Length)
            {
                throw reader.Corrupt($"category {c} has {next.Length} successors and {p.Length} probabilities");
            }

            successors[c] = (next, p);
        }

        return new PreparedInterest(model, new CategoryPopulation(popLong, popLast, order, successors));
    }
}
