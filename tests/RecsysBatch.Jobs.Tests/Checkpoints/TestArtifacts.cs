using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

/// <summary>Artifact keys of a test stage, with a codec that counts its writes and can be told to fail.</summary>
internal static class TestArtifacts
{
    public static ArtifactKey<double[]> Weights { get; } = new("test.weights", new WeightsCodec());

    public static ArtifactKey<double[]> Other { get; } = new("test.other", new WeightsCodec());

    /// <summary>Declared by no stage: a store cannot restore it.</summary>
    public static ArtifactKey<double[]> Undeclared { get; } = new("test.undeclared", new WeightsCodec());

    /// <summary>Its codec refuses every value.</summary>
    public static ArtifactKey<double[]> Refused { get; } = new("test.refused", new WeightsCodec { Refuse = "weights of this kind are not storable" });

    /// <summary>The stage that declares the test artifacts.</summary>
    public sealed class ProducingStage : IPipelineStage
    {
        public string Name => "test";

        public IReadOnlyList<TableSchema> OutputTables => [];

        public IReadOnlyList<ArtifactKey> Produces => [Weights, Other, Refused];

        public string? CannotApplyReason(StageContext context) => null;

        public Task RunAsync(StageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Count, then the doubles' bits, little-endian.</summary>
    private sealed class WeightsCodec : IArtifactCodec<double[]>
    {
        public string Id => "test-weights.v1";

        public string? Refuse { get; init; }

        public string? Unsupported(double[] value) => Refuse;

        public void Write(Stream stream, double[] value)
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(value.Length);
            foreach (var v in value)
            {
                writer.Write(v);
            }
        }

        public double[] Read(Stream stream)
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            var values = new double[reader.ReadInt32()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadDouble();
            }

            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException("bytes after the weights");
            }

            return values;
        }
    }
}
