namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Writes that reach the disk before they are renamed into place. Checkpoints and run manifests are made visible by a
/// rename; without flushing the file to disk first, a power loss after the rename can leave the new name on an empty
/// or partial file (delayed allocation). The rename itself is not made durable: losing it only loses the checkpoint,
/// and the stage runs again.
/// </summary>
internal static class DurableFile
{
    /// <summary>Creates or overwrites <paramref name="path"/> with <paramref name="bytes"/> and flushes it to disk.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Copies <paramref name="from"/> over <paramref name="to"/> and flushes the copy to disk.</summary>
    public static void Copy(string from, string to)
    {
        File.Copy(from, to, overwrite: true);
        using var copy = new FileStream(to, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        copy.Flush(flushToDisk: true);
    }

    /// <summary>Flushes <paramref name="stream"/>, to disk when it is a file.</summary>
    public static void Flush(Stream stream)
    {
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }
}
