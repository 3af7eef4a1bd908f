namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Bytes read so far by all parsing threads, polled by the stage to report progress.</summary>
internal sealed class ProgressCounter
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);
}
