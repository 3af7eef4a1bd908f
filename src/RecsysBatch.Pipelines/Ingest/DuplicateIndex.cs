using System.Numerics;
using System.Runtime.CompilerServices;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Finds exact duplicates (same user, item, category, type, ts, value) among the events of a table: an
/// open-addressing set of event indexes keyed by a 32-bit hash of the six fields. A slot stores the hash
/// next to the index, so only an equal hash reads the table's columns to compare.
/// </summary>
internal sealed class DuplicateIndex
{
    private ulong[] _slots = new ulong[1 << 10];
    private int _count;

    public void EnsureCapacity(int events)
    {
        var slots = _slots.Length;
        while ((long)events * 10 > (long)slots * 7)
        {
            slots *= 2;
        }

        if (slots > _slots.Length)
        {
            // One jump to the final size: each intermediate table would be fresh memory to fault in.
            Resize(slots);
        }
    }

    /// <summary>Reads the slot a hash starts at, so that <see cref="TryAdd"/> finds it in cache (callers batch these).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Touch(uint hash) => _slots[(int)hash & (_slots.Length - 1)];

    public static uint Hash(int user, int item, int category, EventType type, long ts, double value) =>
        Hash(user, item, category, type, ts, BitConverter.DoubleToInt64Bits(value));

    /// <summary>
    /// Adds the event that is about to become row <c>table.Count</c>; false (and nothing added) when the
    /// table already holds an equal event. <paramref name="hash"/> is <see cref="Hash(int, int, int, EventType, long, double)"/>.
    /// </summary>
    public bool TryAdd(EventTable table, uint hash, int user, int item, int category, EventType type, long ts, double value)
    {
        var valueBits = BitConverter.DoubleToInt64Bits(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }

            if ((uint)(entry >> 32) == hash)
            {
                var i = (int)(uint)entry - 1;
                if (table.UserKey[i] == user && table.ItemKey[i] == item && table.CategoryKey[i] == category
                    && table.Type[i] == type && table.TimestampMs[i] == ts
                    && BitConverter.DoubleToInt64Bits(table.Value[i]) == valueBits)
                {
                    return false;
                }
            }

            slot = (slot + 1) & mask;
        }

        _slots[slot] = ((ulong)hash << 32) | (uint)(table.Count + 1);
        _count++;
        if ((long)_count * 10 > (long)_slots.Length * 7)
        {
            Resize(_slots.Length * 2);
        }

        return true;
    }

    private static uint Hash(int user, int item, int category, EventType type, long ts, long valueBits)
    {
        var h = ((ulong)(uint)user * 0x9E3779B97F4A7C15UL) ^ (uint)item;
        h = (BitOperations.RotateLeft(h, 29) * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)(uint)category << 8) ^ (byte)type;
        h = (BitOperations.RotateLeft(h, 31) * 0x9E3779B97F4A7C15UL) ^ (ulong)ts;
        h = (BitOperations.RotateLeft(h, 27) * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)valueBits;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return (uint)h;
    }

    private void Resize(int slots)
    {
        var old = _slots;
        _slots = new ulong[slots];
        var mask = _slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry == 0)
            {
                continue;
            }

            var slot = (int)(entry >> 32) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = entry;
        }
    }
}
