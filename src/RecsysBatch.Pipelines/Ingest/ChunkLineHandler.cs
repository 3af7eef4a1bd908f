namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Feeds the lines of one chunk to its format instance and batch.</summary>
internal sealed class ChunkLineHandler(LineFormat format, EventBatch batch) : ILineHandler
{
    public void OnLine(ReadOnlySpan<byte> line, long lineNumber, long offset)
    {
        batch.DataLines++;
        format.Parse(line, lineNumber, offset, batch);
    }
}
