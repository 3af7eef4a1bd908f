using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// A fitted ML.NET transformer, in ML.NET's own model format (the zip `MLContext.Model.Save` writes, as the
/// featurize stage does for its transform files) embedded as one byte block. No input schema is stored: the
/// working store holds the bare transformer, and it applies to any view with the fitted columns.
/// </summary>
internal static class TransformerCodec
{
    public const string Id = "mlnet-transformer";

    public static void Write(CheckpointFileWriter writer, ITransformer transformer)
    {
        using var zip = new MemoryStream();
        new MLContext(seed: 0).Model.Save(transformer, inputSchema: null, zip);
        writer.WriteArray<byte>(zip.GetBuffer().AsSpan(0, (int)zip.Length));
    }

    public static ITransformer Read(CheckpointFileReader reader)
    {
        var bytes = reader.ReadArray<byte>();
        var ml = new MLContext(seed: 0);

        // The expression transform lives in an assembly a fresh process may not have loaded yet.
        ml.ComponentCatalog.RegisterAssembly(typeof(ExpressionEstimator).Assembly);
        using var zip = new MemoryStream(bytes, writable: false);
        return ml.Model.Load(zip, out _);
    }
}
