using System.Globalization;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Tests;

/// <summary>What the sharded-stage tests share: artifacts through their checkpoint codec, and tables as row sets.</summary>
internal static class ShardChecks
{
    /// <summary>The artifact written and read back by its key's codec, as a shard server restores it from a checkpoint.</summary>
    public static T RoundTrip<T>(ArtifactKey<T> key, T value)
        where T : class => Restore(key, Checkpoint(key, value));

    /// <summary>The artifact's checkpoint bytes.</summary>
    public static byte[] Checkpoint<T>(ArtifactKey<T> key, T value)
        where T : class
    {
        using var stream = new MemoryStream();
        key.Codec.Write(stream, value);
        return stream.ToArray();
    }

    /// <summary>The artifact read back from checkpoint bytes.</summary>
    public static T Restore<T>(ArtifactKey<T> key, byte[] bytes)
        where T : class
    {
        using var stream = new MemoryStream(bytes);
        return key.Codec.Read(stream);
    }

    /// <summary>Each row's cells as one line (doubles round-trip, float arrays spelled out), sorted, so tables compare as row sets.</summary>
    public static List<string> RowSet(OutputTable table) =>
        [.. Enumerable.Range(0, table.RowCount)
            .Select(r => string.Join("|", table.Columns.Select(c => c.GetValue(r) switch
            {
                null => "NULL",
                float[] f => string.Join(",", f.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture),
            })))
            .Order(StringComparer.Ordinal)];
}
