namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// A text input format: turns one line into a call of <see cref="EventBatch.Accept"/> or <see cref="EventBatch.Reject"/>.
/// Each parsing thread gets its own instance (formats may own scratch buffers); the header is given to every instance.
/// </summary>
internal abstract class LineFormat
{
    /// <summary>The preset name, as in FORMAT:PATH.</summary>
    public abstract string Name { get; }

    public virtual bool HasHeader => false;

    /// <summary>False for transaction-only formats (CDNOW): every event has item <c>NoKey</c>.</summary>
    public virtual bool HasItems => true;

    /// <summary>
    /// True while a quoted field opened on an earlier line is still open (CSV only): the next line continues that
    /// record. Set before the first line of a chunk that starts inside such a record; read after its last line.
    /// </summary>
    public bool InQuotedField { get; set; }

    /// <summary>Reads the header line; throws a RecsysException naming the file and the missing column.</summary>
    public virtual void ReadHeader(ReadOnlySpan<byte> header, string path)
    {
    }

    /// <param name="line">One non-blank line without its line break.</param>
    /// <param name="lineNumber">The line number as the batch counts it.</param>
    /// <param name="offset">The byte offset of the line in the file.</param>
    /// <param name="batch">Where the event or the reject goes.</param>
    public abstract void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch);
}
