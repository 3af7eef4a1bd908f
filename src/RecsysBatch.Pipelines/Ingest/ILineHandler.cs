namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Receives the non-blank lines of a byte range of a file (without the line break).</summary>
internal interface ILineHandler
{
    /// <param name="line">The line's bytes, valid only during the call.</param>
    /// <param name="lineNumber">1-based line number within the range read.</param>
    /// <param name="offset">Byte offset of the line in the file.</param>
    void OnLine(ReadOnlySpan<byte> line, long lineNumber, long offset);
}
