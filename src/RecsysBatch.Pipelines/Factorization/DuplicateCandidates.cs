using System.Buffers.Binary;
using System.Numerics;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Finds exact duplicate events in two readings of the same lines with little memory. Equal events have equal times,
/// so for times in order (<see cref="Ordered"/>) the first reading only checks the order and the second compares
/// the events of each run of equal times. Otherwise the first reading marks a bit per bucket (8 bits per event) and
/// remembers the buckets hit twice, and the second compares the events of those buckets exactly. A bucket's 64-bit
/// word comes from the time in seconds (events close in time share cache lines) and its bit from a hash of the id
/// bytes and the value bits, known in both readings, before and after keys are given. <see cref="Mark"/> gives up
/// past one candidate in 8 events, or at the first time out of order when <see cref="Ordered"/>.
/// </summary>
internal sealed class DuplicateCandidates
{
    private const int LargeRun = 1024;

    private readonly long _maxTwice;
    private readonly List<ulong> _twice = [];
    private readonly ulong[] _bits = [];
    private HashSet<(int User, int Item, long Ts, long Value)> _events = [];
    private long _lastTs = long.MinValue;
    private (int, int, long, long) _runFirst;

    /// <param name="events">About how many events the readings hold (a larger number makes fewer candidates).</param>
    /// <param name="ordered">Whether the times are expected in order (no buckets are kept then).</param>
    public DuplicateCandidates(long events, bool ordered)
    {
        Ordered = ordered;
        if (!ordered)
        {
            var log2 = Math.Clamp(64 - BitOperations.LeadingZeroCount((ulong)Math.Max(1, events * 8) - 1), 16, 34);
            _bits = new ulong[1L << (log2 - 6)];
        }

        _maxTwice = Math.Max(1024, events / 8);
    }

    /// <summary>Times are in order: events need no <see cref="Bucket"/>.</summary>
    public bool Ordered { get; }

    /// <summary>Whether <see cref="Mark"/> gave up because a time came out of order (read again with ordered false).</summary>
    public bool OutOfOrder { get; private set; }

    /// <summary>The bucket of an event: its word from the time, its bit from the ids and the value.</summary>
    public ulong Bucket(ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, long ts, double value)
    {
        var h = Mix(Mix(Bytes(user), Bytes(item)), (ulong)BitConverter.DoubleToInt64Bits(value));
        var word = (ulong)(ts / 1000) & (ulong)(_bits.Length - 1);
        return (word << 6) | (h >> 58);
    }

    /// <summary>First reading: marks the event's bucket; false when there are too many candidates to compare, or a time out of order.</summary>
    public bool Mark(ulong bucket, long ts)
    {
        if (Ordered)
        {
            OutOfOrder = ts < _lastTs;
            _lastTs = ts;
            return !OutOfOrder;
        }

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
        if (!Ordered)
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
        var key = (user, item, ts, BitConverter.DoubleToInt64Bits(value));
        if (Ordered)
        {
            if (ts != _lastTs)
            {
                // A new run of equal times: the last one's events cannot be equal to any later one. Most runs hold
                // one event, which is kept aside; the set is only filled from a run's second event on.
                if (_events.Count > 0)
                {
                    _events = _events.Count > LargeRun ? [] : _events;
                    _events.Clear();
                }

                (_lastTs, _runFirst) = (ts, key);
                return true;
            }

            if (_events.Count == 0)
            {
                _events.Add(_runFirst);
            }
        }
        else if ((_bits[bucket >> 6] & (1UL << (int)(bucket & 63))) == 0)
        {
            return true;
        }

        return _events.Add(key);
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
