using System.Buffers.Binary;
using System.Numerics;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Finds exact duplicate events in two readings of the same lines with little memory. Equal events have equal times,
/// so when the first reading finds the times in order, the second compares only the events of each run of equal
/// times. Otherwise the first reading marks a bit per bucket (8 bits per event) and remembers the buckets hit twice,
/// and the second compares the events of those buckets exactly. A bucket's 64-bit word comes from the time in
/// seconds (events close in time share cache lines) and its bit from a hash of the id bytes and the value bits,
/// known in both readings, before and after keys are given. Past one candidate in 8 events, <see cref="Mark"/> gives up.
/// </summary>
internal sealed class DuplicateCandidates
{
    private const int LargeRun = 1024;

    private readonly long _maxTwice;
    private readonly List<ulong> _twice = [];
    private ulong[] _bits;
    private HashSet<(int User, int Item, long Ts, long Value)> _events = [];
    private long _lastTs = long.MinValue;
    private bool _inOrder = true;

    /// <param name="events">About how many events the readings hold (a larger number makes fewer candidates).</param>
    public DuplicateCandidates(long events)
    {
        var log2 = Math.Clamp(64 - BitOperations.LeadingZeroCount((ulong)Math.Max(1, events * 8) - 1), 16, 34);
        _bits = new ulong[1L << (log2 - 6)];
        _maxTwice = Math.Max(1024, events / 8);
    }

    /// <summary>The bucket of an event: its word from the time, its bit from the ids and the value.</summary>
    public ulong Bucket(ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, long ts, double value)
    {
        var h = Mix(Mix(Bytes(user), Bytes(item)), (ulong)BitConverter.DoubleToInt64Bits(value));
        var word = (ulong)(ts / 1000) & (ulong)(_bits.Length - 1);
        return (word << 6) | (h >> 58);
    }

    /// <summary>First reading: marks the event's bucket; false when there are too many candidates to compare.</summary>
    public bool Mark(ulong bucket, long ts)
    {
        _inOrder &= ts >= _lastTs;
        _lastTs = ts;
        var mask = 1UL << (int)(bucket & 63);
        if ((_bits[bucket >> 6] & mask) != 0)
        {
            _twice.Add(bucket);
        }

        _bits[bucket >> 6] |= mask;
        return _twice.Count <= _maxTwice;
    }

    /// <summary>Between the readings: from now on a bit means a bucket hit more than once (none are needed for times in order).</summary>
    public void Seal()
    {
        if (_inOrder)
        {
            _bits = [];
        }
        else
        {
            Array.Clear(_bits);
            foreach (var bucket in _twice)
            {
                _bits[bucket >> 6] |= 1UL << (int)(bucket & 63);
            }

            _events = new HashSet<(int, int, long, long)>(_twice.Count * 2);
        }

        _twice.Clear();
        _twice.Capacity = 0;
        _lastTs = long.MinValue;
    }

    /// <summary>Second reading: false when an earlier event of this reading is equal (same keys, time and value bits).</summary>
    public bool IsFirst(ulong bucket, int user, int item, long ts, double value)
    {
        if (_inOrder)
        {
            if (ts != _lastTs)
            {
                // A new run of equal times: the last one's events cannot be equal to any later one.
                _events = _events.Count > LargeRun ? [] : _events;
                _events.Clear();
                _lastTs = ts;
            }
        }
        else if ((_bits[bucket >> 6] & (1UL << (int)(bucket & 63))) == 0)
        {
            return true;
        }

        return _events.Add((user, item, ts, BitConverter.DoubleToInt64Bits(value)));
    }

    /// <summary>The bytes of an id folded into 64 bits (ids of up to 8 bytes exactly, with their length).</summary>
    private static ulong Bytes(ReadOnlySpan<byte> id)
    {
        var h = (ulong)id.Length;
        while (id.Length >= 8)
        {
            h = Mix(h, BinaryPrimitives.ReadUInt64LittleEndian(id));
            id = id[8..];
        }

        Span<byte> tail = stackalloc byte[8];
        tail.Clear();
        id.CopyTo(tail);
        return Mix(h, BinaryPrimitives.ReadUInt64LittleEndian(tail));
    }

    private static ulong Mix(ulong h, ulong value)
    {
        h = (BitOperations.RotateLeft(h, 29) ^ value) * 0x9E3779B97F4A7C15UL;
        h ^= h >> 32;
        h *= 0xC2B2AE3D27D4EB4FUL;
        return h ^ (h >> 29);
    }
}
