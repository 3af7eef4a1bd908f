namespace RecsysBatch.Core.Events;

/// <summary>
/// Maps external string ids to dense integer keys (0..Count-1) in order of first appearance and back.
/// Every output table shows the original id; stages work on the dense keys.
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _keys;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _ids;

    public IdMap(int capacity = 0)
    {
        _keys = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        _ids = new List<string>(capacity);
    }

    public int Count => _ids.Count;

    public IReadOnlyList<string> Ids => _ids;

    public string this[int key] => _ids[key];

    public int GetOrAdd(ReadOnlySpan<char> id)
    {
        if (_lookup.TryGetValue(id, out var key))
        {
            return key;
        }

        key = _ids.Count;
        var text = id.ToString();
        _keys.Add(text, key);
        _ids.Add(text);
        return key;
    }

    public int GetOrAdd(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_keys.TryGetValue(id, out var key))
        {
            return key;
        }

        key = _ids.Count;
        _keys.Add(id, key);
        _ids.Add(id);
        return key;
    }

    public bool TryGetKey(ReadOnlySpan<char> id, out int key) => _lookup.TryGetValue(id, out key);
}
