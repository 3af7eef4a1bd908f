using System.Text;

namespace RecsysBatch.Cli.Tests.Hostile;

/// <summary>
/// One malformed or hostile input of the corpus: the bytes of one source file, its format, and whether the whole
/// source may be refused (exit 1) rather than read with the bad lines quarantined (exit 0).
/// </summary>
/// <param name="Name">What is wrong with it (the test's data row).</param>
/// <param name="Format">The --source format.</param>
/// <param name="FileName">The source file's name (the extension picks CSV or Parquet for canonical).</param>
/// <param name="Bytes">The file's content; null when <paramref name="Write"/> makes the file.</param>
/// <param name="MayRefuseSource">True when refusing the whole source (exit 1, one line naming the file) is the right answer.</param>
internal sealed record HostileCase(string Name, string Format, string FileName, byte[]? Bytes, bool MayRefuseSource)
{
    /// <summary>Writes the source into <paramref name="folder"/>, returning the path to pass to --source.</summary>
    public Func<string, string>? Write { get; init; }

    /// <summary>
    /// Data lines of a text source counted independently of the reader: LF-separated, blank ones (empty or a lone CR)
    /// not counted as they carry nothing, the header excluded.
    /// </summary>
    public long PhysicalDataLines(bool header)
    {
        var text = Encoding.Latin1.GetString(Bytes ?? []);
        var lines = text.Split('\n').Count(line => line.Length > 0 && line != "\r");
        return Math.Max(0, lines - (header ? 1 : 0));
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
