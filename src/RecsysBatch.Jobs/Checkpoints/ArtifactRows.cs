using System.Security.Cryptography;
using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Artifacts in table <c>artifacts</c>: one row per artifact name (i: the order the working store first held them),
/// the bytes its key's codec wrote, the codec id and the SHA-256 of the bytes, verified on every read (DuckDB checks
/// its own blocks; the digest also catches a blob changed through SQL). A replaced artifact replaces its row.
/// </summary>
internal static class ArtifactRows
{
    /// <summary>An artifact encoded before the save transaction starts, so a codec failure writes nothing.</summary>
    public sealed record Encoded(ArtifactKey Key, int Version, byte[] Bytes, string Sha256);

    public static Encoded Encode(string stage, ArtifactKey key, object value, int version)
    {
        var type = value.GetType().FullName;
        if (key.Unsupported(value) is { } why)
        {
            throw new RecsysException($"Checkpoint of stage '{stage}': artifact '{key.Name}' ({type}) cannot be stored: {why}.");
        }

        using var buffer = new MemoryStream();
        try
        {
            key.Write(buffer, value);
        }
        catch (Exception ex) when (ex is not (RecsysException or OutOfMemoryException))
        {
            // E.g. an ML.NET transformer that cannot be saved: the stage's state would be lost, so the save fails.
            throw new RecsysException($"Checkpoint of stage '{stage}': artifact '{key.Name}' ({type}) cannot be stored: {ex.Message}", ex);
        }

        var bytes = buffer.ToArray();
        return new Encoded(key, version, bytes, Digest(bytes));
    }

    public static void Write(DuckDBConnection connection, string stage, Encoded artifact)
    {
        var key = artifact.Key;
        var updated = CheckpointSql.Execute(connection,
            "UPDATE artifacts SET stage = $1, codec_id = $2, type = $3, version = $4, bytes = $5, sha256 = $6 WHERE name = $7",
            stage, key.CodecId, key.Type.FullName, artifact.Version, artifact.Bytes, artifact.Sha256, key.Name);
        if (updated == 0)
        {
            CheckpointSql.Execute(connection, "INSERT INTO artifacts SELECT coalesce(max(i), 0) + 1, $1, $2, $3, $4, $5, $6, $7 FROM artifacts",
                key.Name, stage, key.CodecId, key.Type.FullName, artifact.Version, artifact.Bytes, artifact.Sha256);
        }
    }

    /// <summary>Reads every artifact in order, verifies its digest and decodes it with the registered key of its name.</summary>
    public static List<(ArtifactKey Key, object Value)> ReadAll(DuckDBConnection connection, string path, ArtifactRegistry registry)
    {
        var result = new List<(ArtifactKey, object)>();
        using var reader = CheckpointSql.Query(connection, "SELECT name, stage, codec_id, bytes, sha256 FROM artifacts ORDER BY i");
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var where = $"{path}: artifact '{name}' (saved by stage '{reader.GetString(1)}')";
            var codec = reader.GetString(2);
            var bytes = ReadBytes(reader, 3);
            if (Digest(bytes) != reader.GetString(4))
            {
                throw new RecsysException($"{where}: corrupt checkpoint: its bytes do not match their SHA-256.");
            }

            var key = registry.Find(name) ?? throw new RecsysException($"{where}: no registered stage declares this artifact, so nothing can read it.");
            if (key.CodecId != codec)
            {
                throw new RecsysException($"{where} was written with codec {codec}; this build reads {key.CodecId}.");
            }

            try
            {
                result.Add((key, key.Read(new MemoryStream(bytes, writable: false))));
            }
            catch (Exception ex) when (ex is not (RecsysException or OutOfMemoryException))
            {
                throw new RecsysException($"{where}: corrupt checkpoint: {ex.GetType().Name}: {ex.Message}", ex);
            }
        }

        return result;
    }

    private static byte[] ReadBytes(DuckDBDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Digest(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
