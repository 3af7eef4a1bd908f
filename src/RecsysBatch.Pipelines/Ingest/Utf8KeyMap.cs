using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Maps ids given as UTF-8 bytes to dense keys in order of first appearance, without a string per lookup.
/// Ingest looks up three ids per line, so this is the hot path: a table slot carries the hash (most misses
/// end there), and ids of up to 8 bytes (most numeric ids) compare by their inline prefix without touching
/// the byte arena. Not thread-safe for writes; concurrent <see cref="TryGetKey"/> on a finished map is fine.
/// </summary>
internal sealed class Utf8KeyMap
{
    private const int MaxLoadPercent = 60;

    private ulong[] _table;
    private KeyEntry[] _keys;
    private byte[] _arena;
    private int _arenaLength;
    private int _mask;

    public Utf8KeyMap(int capacity = 256)
    {
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 100 / MaxLoadPercent));
        _table = new ulong[slots];
        _mask = slots - 1;
        _keys = new KeyEntry[Math.Max(16, capacity)];
        _arena = new byte[Math.Max(64, capacity * 8)];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> GetBytes(int key)
    {
        var entry = _keys[key];
        return _arena.AsSpan(entry.Start, entry.Length);
    }

    public bool TryGetKey(ReadOnlySpan<byte> id, out int key)
    {
        var hash = Hash(id, out var prefix);
        key = Find(id, hash, prefix, out _);
        return key >= 0;
    }

    /// <summary>The key of <paramref name="id"/>, added as the next key when new (<paramref name="added"/> true).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> id, out bool added)
    {
        var hash = Hash(id, out var prefix);
        var key = Find(id, hash, prefix, out var slot);
        if (key >= 0)
        {
            added = false;
            return key;
        }

        key = Count;
        if (key == _keys.Length)
        {
            Array.Resize(ref _keys, key * 2);
        }

        if (_arenaLength + id.Length > _arena.Length)
        {
            var size = Math.Max((long)_arena.Length * 2, (long)_arenaLength + id.Length);
            Array.Resize(ref _arena, (int)Math.Min(size, Array.MaxLength));
        }

        id.CopyTo(_arena.AsSpan(_arenaLength));
        _keys[key] = new KeyEntry(prefix, _arenaLength, id.Length);
        _arenaLength += id.Length;
        _table[slot] = ((ulong)hash << 32) | (uint)(key + 1);
        Count = key + 1;
        if ((long)Count * 100 > (long)_table.Length * MaxLoadPercent)
        {
            Rehash();
        }

        added = true;
        return key;
    }

    private int Find(ReadOnlySpan<byte> id, uint hash, ulong prefix, out int slot)
    {
        slot = (int)hash & _mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                return -1;
            }

            if ((uint)(entry >> 32) == hash)
            {
                var key = (int)(uint)entry - 1;
                ref readonly var k = ref _keys[key];
                if (k.Length == id.Length && k.Prefix == prefix
                    && (id.Length <= 8 || id.SequenceEqual(_arena.AsSpan(k.Start, k.Length))))
                {
                    return key;
                }
            }

            slot = (slot + 1) & _mask;
        }
    }

    private void Rehash()
    {
        var old = _table;
        _table = new ulong[old.Length * 2];
        _mask = _table.Length - 1;
        foreach (var entry in old)
        {
            if (entry == 0)
            {
                continue;
            }

            var slot = (int)(entry >> 32) & _mask;
            while (_table[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _table[slot] = entry;
        }
    }

    /// <summary>A 32-bit hash of the bytes and their first 8 bytes zero-padded (the inline prefix).</summary>
    internal static uint Hash(ReadOnlySpan<byte> id, out ulong prefix)
    {
        ulong acc = (ulong)id.Length * 0x9E3779B97F4A7C15UL;
        if (id.Length >= 8)
        {
            prefix = BinaryPrimitives.ReadUInt64LittleEndian(id);
            var i = 0;
            for (; i + 8 <= id.Length; i += 8)
            {
                acc = Mix(acc, MemoryMarshal.Read<ulong>(id[i..]));
            }

            if (i < id.Length)
            {
                // The last (overlapping) 8 bytes cover the tail.
                acc = Mix(acc, MemoryMarshal.Read<ulong>(id[^8..]));
            }
        }
        else
        {
            ulong word = 0;
            for (var i = id.Length - 1; i >= 0; i--)
            {
                word = (word << 8) | id[i];
            }

            prefix = word;
            acc = Mix(acc, word);
        }

        acc ^= acc >> 33;
        acc *= 0xFF51AFD7ED558CCDUL;
        acc ^= acc >> 33;
        return (uint)acc;
    }

    private static ulong Mix(ulong acc, ulong word) =>
        BitOperations.RotateLeft(acc ^ (word * 0xC2B2AE3D27D4EB4FUL), 31) * 0x9E3779B97F4A7C15UL;

    private readonly record struct KeyEntry(ulong Prefix, int Start, int Length);
}
