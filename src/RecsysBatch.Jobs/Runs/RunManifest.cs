using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// What a staged run was asked to do, kept as run.json in its artefacts folder so that any server can run its
/// next stage, and so that a re-triggered run can tell whether an earlier failed run's checkpoints still apply:
/// same pipeline file content, same requested snapshot, same input files (size and modification time).
/// </summary>
public sealed record RunManifest
{
    public const string FileName = "run.json";
    public const string PublishedMarker = "published";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public required string RunId { get; init; }

    public required string PipelinePath { get; init; }

    public required string PipelineName { get; init; }

    /// <summary>SHA-256 of the pipeline file, and of the inputs' names, sizes and modification times.</summary>
    public required string Fingerprint { get; init; }

    public DateOnly? AsOf { get; init; }

    public IReadOnlyList<SourceSpec> Sources { get; init; } = [];

    public string? Warehouse { get; init; }

    /// <summary>--horizon-days of the request (null: the file's): every step of the run loads the file with it.</summary>
    public int? HorizonDays { get; init; }

    /// <summary>--set settings of the request, as given (stage.option=value), applied by every step of the run.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>The request's changes to the pipeline file, as each step applies them.</summary>
    [JsonIgnore]
    public PipelineOverrides Overrides => new() { HorizonDays = HorizonDays, Settings = [.. Settings.Select(PipelineOverrides.ParseSetting)] };

    public required DateTime StartedAt { get; init; }

    /// <summary>Stages split into user shards (stage → number of shards &gt; 1).</summary>
    public IReadOnlyDictionary<string, int> Shards { get; init; } = new Dictionary<string, int>();

    /// <summary>The failed run whose checkpoints this run copied, if any.</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>The enabled stages in pipeline order: the chain runs one job per name.</summary>
    public required IReadOnlyList<string> Stages { get; init; }

    public static string Compute(PipelineDefinition pipeline, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(pipeline.FilePath));
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"\nasOf={asOf:yyyy-MM-dd}\n"));
        foreach (var change in pipeline.Overrides)
        {
            // A run with other --set or --horizon-days values computes other tables: its checkpoints do not apply.
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"override={change}\n"));
        }

        foreach (var source in pipeline.Sources)
        {
            var files = Directory.Exists(source.Path)
                ? Directory.EnumerateFiles(source.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : (IEnumerable<string>)[source.Path];
            foreach (var file in files)
            {
                var info = new FileInfo(file);
                var line = info.Exists ? $"{source.Format}:{file}:{info.Length}:{info.LastWriteTimeUtc.Ticks}\n" : $"{source.Format}:{file}:missing\n";
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(line));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public void Write(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, FileName);
        var temp = path + ".tmp";
        DurableFile.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    public static RunManifest Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new RecsysException($"{path}: no such run (its artefacts folder holds no {FileName}).");
        }

        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path))
                ?? throw new RecsysException($"{path}: empty run manifest.");
        }
        catch (JsonException ex)
        {
            throw new RecsysException($"{path}: unreadable run manifest: {ex.Message}", ex);
        }
    }

    public static bool IsPublished(string runDirectory) => File.Exists(Path.Combine(runDirectory, PublishedMarker));

    public static void MarkPublished(string runDirectory, DateTime publishedAtUtc) =>
        File.WriteAllText(Path.Combine(runDirectory, PublishedMarker), publishedAtUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
