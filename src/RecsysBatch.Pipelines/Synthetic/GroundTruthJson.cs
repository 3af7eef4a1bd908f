using System.Text.Json;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>One cached serializer setup for ground_truth.json: camelCase, compact (the file has a size budget).</summary>
internal static class GroundTruthJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };
}
