using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The effective configuration of a run as JSON (job_runs.config): pipeline name, file and SHA-256, command-line
/// overrides, horizon, seed, version, each source with its files' sizes and SHA-256, and each stage's options —
/// as the stage bound them (defaults filled in, see <see cref="StageContext.BoundOptions"/>) once it has run, else as
/// the pipeline gives them (<c>"bound": false</c>). Written with the running row, so a failed run has it too.
/// </summary>
internal static class RunConfiguration
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>File hashes by (path, size, write time): a run records its row more than once and must hash a file once.</summary>
    private static readonly ConcurrentDictionary<(string Path, long Length, long Ticks), string> Hashes = new();

    public static string Build(StageContext context, string appVersion)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pipeline = context.Pipeline;
        var stages = new JsonArray();
        foreach (var stage in pipeline.Stages)
        {
            var bound = context.BoundOptions.TryGetValue(stage.Name, out var options);
            stages.Add(new JsonObject
            {
                ["name"] = stage.Name,
                ["enabled"] = stage.Enabled,
                ["bound"] = bound,
                ["options"] = bound
                    ? JsonSerializer.SerializeToNode(options, options!.GetType(), Json)
                    : stage.Options.ValueKind == JsonValueKind.Object ? JsonNode.Parse(stage.Options.GetRawText()) : new JsonObject(),
            });
        }

        var root = new JsonObject
        {
            ["pipeline"] = pipeline.Name,
            ["pipelineFile"] = pipeline.FilePath,
            ["pipelineSha256"] = pipeline.FileSha256,
            ["overrides"] = new JsonArray([.. pipeline.Overrides.Select(o => (JsonNode?)JsonValue.Create(o))]),
            ["horizonDays"] = pipeline.HorizonDays,
            ["seed"] = context.Seed,
            ["version"] = appVersion,
            ["sources"] = new JsonArray([.. pipeline.Sources.Select(s => (JsonNode?)new JsonObject
            {
                ["format"] = s.Format,
                ["path"] = s.Path,
                ["files"] = new JsonArray([.. FilesOf(s.Path).Select(f => (JsonNode?)File(f))]),
            })]),
            ["stages"] = stages,
        };
        return root.ToJsonString();
    }

    private static IEnumerable<string> FilesOf(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [path];

    private static JsonObject File(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new JsonObject { ["path"] = path, ["bytes"] = null, ["sha256"] = null };
        }

        var sha = Hashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc.Ticks), key =>
        {
            using var stream = new FileStream(key.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
        return new JsonObject { ["path"] = path, ["bytes"] = info.Length, ["sha256"] = sha };
    }
}
