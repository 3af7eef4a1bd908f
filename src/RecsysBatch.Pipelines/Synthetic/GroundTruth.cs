using System.Text.Json;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The planted truth written beside events.csv as ground_truth.json (camelCase). Day fields (startDay, driftDay,
/// dropoutDay) are 0-based offsets from <c>parameters.options.startDate</c>; floats are rounded to 4 decimals.
/// </summary>
public sealed record GroundTruth(
    GroundTruthParameters Parameters,
    GroundTruthEffects Effects,
    SyntheticSummary Totals,
    IReadOnlyList<GroundTruthUser> Users,
    IReadOnlyList<GroundTruthItem> Items)
{
    public const string FileName = "ground_truth.json";

    /// <summary>Reads a ground_truth.json written by <see cref="SyntheticGenerator.Generate"/>.</summary>
    public static GroundTruth Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new RecsysException($"{path}: ground truth file not found");
        }

        using var stream = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<GroundTruth>(stream, GroundTruthJson.Options)
                ?? throw new RecsysException($"{path}: line 1: ground truth is null");
        }
        catch (JsonException ex)
        {
            throw new RecsysException($"{path}: line {(ex.LineNumber ?? 0) + 1}: not a ground truth file ({ex.Message})", ex);
        }
    }

    internal void Save(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, this, GroundTruthJson.Options);
    }
}
