namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The keys that get a row (those with at least one event before the cutoff), ascending. When every key has one,
/// which is the usual case, <see cref="Take{T}"/> returns the per-key array itself instead of a copy.
/// </summary>
internal sealed class RowSelection
{
    private RowSelection(int[] keys, bool all)
    {
        Keys = keys;
        IsAll = all;
    }

    public int[] Keys { get; }

    public bool IsAll { get; }

    public int Count => Keys.Length;

    public static RowSelection FromActivity(ActivitySpan[] activity)
    {
        var rows = 0;
        foreach (var span in activity)
        {
            rows += span.Events > 0 ? 1 : 0;
        }

        var keys = new int[rows];
        var next = 0;
        for (var key = 0; key < activity.Length; key++)
        {
            if (activity[key].Events > 0)
            {
                keys[next++] = key;
            }
        }

        return new RowSelection(keys, rows == activity.Length);
    }

    public T[] Take<T>(T[] perKey)
    {
        if (IsAll)
        {
            return perKey;
        }

        var result = new T[Keys.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = perKey[Keys[i]];
        }

        return result;
    }

    /// <summary>Maps each row's key through <paramref name="select"/> into a new array (conversions, ids).</summary>
    public TResult[] Select<TResult>(Func<int, TResult> select)
    {
        var result = new TResult[Keys.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = select(Keys[i]);
        }

        return result;
    }
}
