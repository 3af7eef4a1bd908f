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
    private const int Group = 16;

    private readonly Utf8KeyMap _bytes = new(1 << 16);
    private ulong _touched;

    public RunKeys(IdMap ids)
    {
        Ids = ids;
    }

    public IdMap Ids { get; }

    /// <summary>Run keys of all ids of a chunk-local map, in the local (first appearance) order.</summary>
    public int[] Remap(Utf8KeyMap local, int[] keys)
    {
        if (keys.Length < local.Count)
        {
            keys = new int[Math.Max(local.Count, keys.Length * 2)];
        }

        for (var g = 0; g < local.Count; g += Group)
        {
            var end = Math.Min(g + Group, local.Count);

            // Read the slots of a group first: the loads overlap instead of waiting one by one.
            for (var k = g; k < end; k++)
            {
                _touched += _bytes.Touch(local.GetHash(k));
            }

            for (var k = g; k < end; k++)
            {
                var id = local.GetBytes(k);
                var key = _bytes.GetOrAdd(id, local.GetHash(k), out var added);
                if (added && Ids.GetOrAdd(Encoding.UTF8.GetString(id)) != key)
                {
                    throw new InvalidOperationException("The id map was changed outside ingest.");
                }

                keys[k] = key;
            }
        }

        return keys;
    }
}
