using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The checkpoints folder on disk: complete checkpoints are folders NNN-stage holding a manifest; a save writes a
/// .tmp- folder and renames it into place (atomic on one file system), so a killed save leaves only a .tmp- folder,
/// which never counts and is removed by a later save once it is stale.
/// </summary>
internal sealed class CheckpointFolder(string path)
{
    public const string ManifestFile = "manifest.json";
    public const int Format = 1;
    private const string TempPrefix = ".tmp-";

    /// <summary>A temporary folder this old is what a killed save left behind (a save takes seconds).</summary>
    private static readonly TimeSpan StaleTemp = TimeSpan.FromHours(1);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Path { get; } = path;

    /// <summary>Complete checkpoints in save order.</summary>
    public List<(int Sequence, string Stage, string Path)> List()
    {
        var result = new List<(int Sequence, string Stage, string Path)>();
        if (!Directory.Exists(Path))
        {
            return result;
        }

        foreach (var folder in Directory.EnumerateDirectories(Path))
        {
            var name = System.IO.Path.GetFileName(folder);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (name.StartsWith('.') || dash < 1
                || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !File.Exists(System.IO.Path.Combine(folder, ManifestFile)))
            {
                continue;
            }

            result.Add((sequence, name[(dash + 1)..], folder));
        }

        result.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    public bool Has(string stage) => List().Exists(c => c.Stage == stage);

    /// <summary>A new temporary folder for a checkpoint of <paramref name="stage"/> (stale ones of killed saves are removed first).</summary>
    public string CreateTemp(string stage)
    {
        Directory.CreateDirectory(Path);
        foreach (var folder in Directory.EnumerateDirectories(Path, TempPrefix + "*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > StaleTemp)
            {
                TryDelete(folder);
            }
        }

        var temp = System.IO.Path.Combine(Path, $"{TempPrefix}{stage}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        return temp;
    }

    public static void WriteManifest(string folder, CheckpointManifest manifest) =>
        DurableFile.WriteAllBytes(System.IO.Path.Combine(folder, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));

    public static CheckpointManifest ReadManifest(string folder)
    {
        var path = System.IO.Path.Combine(folder, ManifestFile);
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new RecsysException($"{path}: corrupt checkpoint manifest: {ex.Message}", ex);
        }

        if (manifest is null || manifest.Format != Format || manifest.Entries is null)
        {
            throw new RecsysException($"{path}: corrupt checkpoint manifest: missing fields or format {manifest?.Format}, this build reads {Format}.");
        }

        return manifest;
    }

    /// <summary>
    /// Renames a complete temporary folder to the next NNN-stage. When another delivery of the same stage commits
    /// first, this one is moot and the temporary folder is left for the caller to delete.
    /// </summary>
    public void Commit(string temp, string stage)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Has(stage))
            {
                return;
            }

            var sequence = List().Select(c => c.Sequence).DefaultIfEmpty(0).Max() + 1;
            var target = System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $"{sequence:D3}-{stage}"));
            if (Directory.Exists(target) && !File.Exists(System.IO.Path.Combine(target, ManifestFile)))
            {
                // Never made by a save (which renames complete folders only): junk in the way.
                Directory.Delete(target, recursive: true);
            }

            try
            {
                Directory.Move(temp, target);
                return;
            }
            catch (IOException) when (attempt < 5 && Directory.Exists(target))
            {
                // Another stage took this number in the meantime: take the next one.
            }
        }
    }

    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless: it never counts as a checkpoint, and a later save clears it.
        }
    }
}
