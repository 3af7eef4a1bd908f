using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Artifacts;

namespace RecsysBatch.Pipelines.Value;

/// <summary>Checkpoints a <see cref="PreparedValue"/>, bit-exact (doubles as their bits).</summary>
internal sealed class PreparedValueCodec : IArtifactCodec<PreparedValue>
{
    public string Id => "prepared-value.v1";

    public void Write(Stream stream, PreparedValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new ArtifactWriter(stream);
        var bg = value.BgNbd;
        writer.Write(new[] { bg.Parameters.R, bg.Parameters.Alpha, bg.Parameters.A, bg.Parameters.B, bg.LogLikelihood });
        writer.Write(bg.Customers);
        writer.Write(bg.StartsConverged);
        writer.Write(value.GammaGamma is not null);
        if (value.GammaGamma is { } gg)
        {
            writer.Write(new[] { gg.Parameters.P, gg.Parameters.Q, gg.Parameters.Gamma, gg.LogLikelihood });
            writer.Write(gg.Customers);
            writer.Write(gg.StartsConverged);
        }

        writer.Write(value.FallbackSpend);
        writer.Write(value.Model);
        writer.Write(value.UserKeys);
        writer.Write(value.Predicted);
        writer.Write(value.Tiers);
    }

    public PreparedValue Read(Stream stream)
    {
        using var reader = new ArtifactReader(stream, Id);
        var bg = Figures(reader, 5, "BG/NBD");
        var bgNbd = new BgNbdFitter.Fit(new BgNbdParameters(bg[0], bg[1], bg[2], bg[3]), bg[4], reader.ReadInt32(), reader.ReadInt32());
        GammaGammaFitter.Fit? gammaGamma = null;
        if (reader.ReadBoolean())
        {
            var gg = Figures(reader, 4, "Gamma-Gamma");
            gammaGamma = new GammaGammaFitter.Fit(new GammaGammaParameters(gg[0], gg[1], gg[2]), gg[3], reader.ReadInt32(), reader.ReadInt32());
        }

        var fallback = reader.ReadDouble();
        var model = reader.ReadString();
        var users = reader.ReadArray<int>();
        var predicted = reader.ReadArray<double>();
        var tiers = reader.ReadArray<byte>();
        if (predicted.Length != users.Length || tiers.Length != users.Length)
        {
            throw reader.Corrupt($"{predicted.Length} predictions and {tiers.Length} tiers for {users.Length} customers");
        }

        if (tiers.Any(t => t >= PreparedValue.TierNames.Count))
        {
            throw reader.Corrupt("a tier code is not one of A, B, C");
        }

        return new PreparedValue(bgNbd, gammaGamma, fallback, model, users, predicted, tiers);
    }

    private static double[] Figures(ArtifactReader reader, int count, string what)
    {
        var figures = reader.ReadArray<double>();
        return figures.Length == count ? figures : throw reader.Corrupt($"{figures.Length} figures of the {what} fit, expected {count}");
    }
}
