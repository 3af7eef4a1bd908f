using System.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// The run-wide keys of one id kind: a <see cref="Utf8KeyMap"/> for byte lookups kept in step with the
/// <see cref="IdMap"/> the event table exposes. Both assign keys in order of first appearance and only ingest
/// adds to them, so the key from the byte map is the IdMap key; ids are valid UTF-8, so bytes and strings match one to one.
/// </summary>
internal sealed class RunKeys
{
    private readonly Utf8KeyMap _bytes = new(1024);

    public RunKeys(IdMap ids)
    {
        Ids = ids;
    }

    public IdMap Ids { get; }

    public int GetOrAdd(ReadOnlySpan<byte> id)
    {
        var key = _bytes.GetOrAdd(id, out var added);
        if (added && Ids.GetOrAdd(Encoding.UTF8.GetString(id)) != key)
        {
            throw new InvalidOperationException("The id map was changed outside ingest.");
        }

        return key;
    }

    /// <summary>Run keys of all ids of a chunk-local map, in the local (first appearance) order.</summary>
    public int[] Remap(Utf8KeyMap local)
    {
        var keys = new int[local.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            keys[k] = GetOrAdd(local.GetBytes(k));
        }

        return keys;
    }
}
