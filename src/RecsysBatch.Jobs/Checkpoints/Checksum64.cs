using System.Numerics;
using System.Runtime.InteropServices;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// A streaming 64-bit checksum of a checkpoint file, computed while it is written and read, so a flipped or
/// overwritten byte is an error instead of a silently different model. Four independent lanes of
/// (h ^ word) · odd constant, rotated: every step is a bijection, so any change of a single word changes the result;
/// the lanes keep it at memory speed. Not cryptographic: it guards against damage, not against an attacker.
/// </summary>
internal sealed class Checksum64
{
    private const ulong Prime = 0x9E3779B97F4A7C15UL;
    private const int Block = 32;

    private readonly byte[] _pending = new byte[Block];
    private ulong _a = 0x243F6A8885A308D3UL;
    private ulong _b = 0x13198A2E03707344UL;
    private ulong _c = 0xA4093822299F31D0UL;
    private ulong _d = 0x082EFA98EC4E6C89UL;
    private int _pendingCount;
    private long _length;

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        if (_pendingCount > 0)
        {
            var take = Math.Min(Block - _pendingCount, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            data = data[take..];
            if (_pendingCount < Block)
            {
                return;
            }

            Blocks(_pending);
            _pendingCount = 0;
        }

        var full = data.Length & ~(Block - 1);
        if (full > 0)
        {
            Blocks(data[..full]);
        }

        data[full..].CopyTo(_pending);
        _pendingCount = data.Length - full;
    }

    /// <summary>The checksum of everything appended (the instance is spent afterwards).</summary>
    public ulong Finish()
    {
        if (_pendingCount > 0)
        {
            _pending.AsSpan(_pendingCount).Clear();
            Blocks(_pending);
            _pendingCount = 0;
        }

        var h = (ulong)_length * Prime;
        foreach (var lane in (ReadOnlySpan<ulong>)[_a, _b, _c, _d])
        {
            h = BitOperations.RotateLeft((h ^ lane) * Prime, 27);
        }

        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        return h ^ (h >> 33);
    }

    private void Blocks(ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        ulong a = _a, b = _b, c = _c, d = _d;
        for (var i = 0; i + 3 < words.Length; i += 4)
        {
            a = BitOperations.RotateLeft((a ^ words[i]) * Prime, 31);
            b = BitOperations.RotateLeft((b ^ words[i + 1]) * Prime, 31);
            c = BitOperations.RotateLeft((c ^ words[i + 2]) * Prime, 31);
            d = BitOperations.RotateLeft((d ^ words[i + 3]) * Prime, 31);
        }

        (_a, _b, _c, _d) = (a, b, c, d);
    }
}
