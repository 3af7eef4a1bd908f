using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Maps ids given as UTF-8 bytes to dense keys in order of first appearance, without a string per lookup.
/// Ingest looks up ids for every line and memory latency dominates, so a lookup should touch one cache line:
/// a slot holds the hash, the key and the first 8 bytes; ids of up to 7 bytes (most numeric ids) are decided
/// there, longer ones also compare their bytes in the arena. Not thread-safe for writes; concurrent reads of a
/// finished map are fine.
/// </summary>
internal sealed class Utf8KeyMap
{
    private const int MaxLoadPercent = 60;
    private const uint LongFlag = 0x8000_0000;

    private Slot[] _table;
    private KeyEntry[] _keys;
    private byte[] _arena;
    private int _arenaLength;
    private int _mask;

    public Utf8KeyMap(int capacity = 256)
    {
        _table = new Slot[SlotsFor(capacity)];
        _mask = _table.Length - 1;
        _keys = new KeyEntry[Math.Max(16, capacity)];
        _arena = new byte[Math.Max(64, capacity * 8)];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> GetBytes(int key)
    {
        var entry = _keys[key];
        return _arena.AsSpan(entry.Start, entry.Length);
    }

    public uint GetHash(int key) => _keys[key].Hash;

    /// <summary>Reads the slot a hash starts at, so a later lookup finds it in cache (callers batch these).</summary>
    public ulong Touch(uint hash) => _table[(int)hash & _mask].Prefix;

    /// <summary>Forgets all ids but keeps the memory, for reuse by the next chunk.</summary>
    public void Clear()
    {
        Array.Clear(_table);
        Count = 0;
        _arenaLength = 0;
    }

    public bool TryGetKey(ReadOnlySpan<byte> id, out int key)
    {
        var hash = Hash(id, out var prefix);
        key = Find(id, hash, prefix, out _);
        return key >= 0;
    }

    /// <summary>The key of <paramref name="id"/>, added as the next key when new (<paramref name="added"/> true).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> id, out bool added) => GetOrAdd(id, Hash(id, out var prefix), prefix, out added);

    /// <summary>As <see cref="GetOrAdd(ReadOnlySpan{byte}, out bool)"/> with the hash known (e.g. from another map).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> id, uint hash, out bool added) => GetOrAdd(id, hash, PrefixOf(id), out added);

    private int GetOrAdd(ReadOnlySpan<byte> id, uint hash, ulong prefix, out bool added)
    {
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
        _keys[key] = new KeyEntry(_arenaLength, id.Length, hash);
        _arenaLength += id.Length;
        _table[slot] = new Slot(prefix, hash, (uint)(key + 1) | (id.Length > 7 ? LongFlag : 0));
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
            ref readonly var s = ref _table[slot];
            if (s.Ref == 0)
            {
                return -1;
            }

            if (s.Hash == hash && s.Prefix == prefix)
            {
                var key = (int)(s.Ref & ~LongFlag) - 1;
                if ((s.Ref & LongFlag) == 0 ? id.Length <= 7 : id.SequenceEqual(GetBytes(key)))
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
        _table = new Slot[old.Length * 2];
        _mask = _table.Length - 1;
        foreach (var s in old)
        {
            if (s.Ref == 0)
            {
                continue;
            }

            var slot = (int)s.Hash & _mask;
            while (_table[slot].Ref != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _table[slot] = s;
        }
    }

    private static int SlotsFor(int capacity) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, (long)capacity * 100 / MaxLoadPercent));

    /// <summary>Ids up to 7 bytes: the bytes and the length in the top byte (so the prefix is the whole id); else the first 8 bytes.</summary>
    private static ulong PrefixOf(ReadOnlySpan<byte> id)
    {
        if (id.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(id);
        }

        ulong word = 0;
        for (var i = id.Length - 1; i >= 0; i--)
        {
            word = (word << 8) | id[i];
        }

        return word | ((ulong)id.Length << 56);
    }

    /// <summary>A 32-bit hash of the bytes; also gives the slot prefix.</summary>
    internal static uint Hash(ReadOnlySpan<byte> id, out ulong prefix)
    {
        prefix = PrefixOf(id);
        var acc = Mix((ulong)id.Length * 0x9E3779B97F4A7C15UL, prefix);
        if (id.Length > 8)
        {
            var i = 8;
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

        acc ^= acc >> 33;
        acc *= 0xFF51AFD7ED558CCDUL;
        acc ^= acc >> 33;
        acc *= 0xC4CEB9FE1A85EC53UL;
        acc ^= acc >> 33;
        return (uint)acc;
    }

    private static ulong Mix(ulong acc, ulong word) =>
        BitOperations.RotateLeft(acc ^ (word * 0xC2B2AE3D27D4EB4FUL), 31) * 0x9E3779B97F4A7C15UL;

    private readonly record struct Slot(ulong Prefix, uint Hash, uint Ref);

    private readonly record struct KeyEntry(int Start, int Length, uint Hash);
}
