using System.Buffers;
using System.Runtime.InteropServices;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Presents a primitive array as bytes, so a DataFrame column can wrap the very array an output column holds
/// (Microsoft.Data.Analysis's buffer constructor) instead of copying a million values per column.
/// The DataFrame treats such a buffer as read-only and copies it on its first write, so the array stays intact.
/// </summary>
internal sealed class ArrayByteMemory<T> : MemoryManager<byte>
    where T : unmanaged
{
    private readonly T[] _array;

    public ArrayByteMemory(T[] array)
    {
        _array = array;
    }

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_array.AsSpan());

    // DataFrame reads its buffers through spans only; pinning would need unsafe code this project does not allow.
    public override MemoryHandle Pin(int elementIndex = 0) =>
        throw new NotSupportedException("Feature frame buffers cannot be pinned; copy the column first.");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
