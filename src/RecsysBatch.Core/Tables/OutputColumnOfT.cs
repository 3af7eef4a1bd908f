namespace RecsysBatch.Core.Tables;

/// <summary>
/// A typed column: values plus an optional null mask (reference nulls and NaN count as NULL too). A big column may be
/// computed instead of stored (<see cref="OutputColumn{T}(int, Func{int, T})"/>): its rows are produced when read, from
/// compact data the function closes over (keys instead of strings), so millions of rows do not each hold an object.
/// </summary>
public sealed class OutputColumn<T> : OutputColumn
{
    private readonly T[]? _values;
    private readonly Func<int, T>? _valueAt;
    private readonly int _length;

    public OutputColumn(T[] values, bool[]? nulls = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (nulls is not null && nulls.Length != values.Length)
        {
            throw new ArgumentException("The null mask must have one entry per value.", nameof(nulls));
        }

        _values = values;
        _length = values.Length;
        Nulls = nulls;
    }

    /// <summary>
    /// A computed column of <paramref name="length"/> rows: row r is <paramref name="valueAt"/>(r), called each time the
    /// row is read (possibly from several threads), so it must be pure and cheap. Nulls are null references, NaN or
    /// rows marked in <paramref name="nulls"/>.
    /// </summary>
    public OutputColumn(int length, Func<int, T> valueAt, bool[]? nulls = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(valueAt);
        if (nulls is not null && nulls.Length != length)
        {
            throw new ArgumentException("The null mask must have one entry per row.", nameof(nulls));
        }

        _valueAt = valueAt;
        _length = length;
        Nulls = nulls;
    }

    /// <summary>
    /// All rows as an array: the stored array itself, or for a computed column a new array on each call (writers and
    /// stages read rows through the indexer instead, so a big computed column is never materialised by them).
    /// </summary>
    public T[] Values => _values ?? Materialize();

    /// <summary>True when the rows are computed when read rather than stored.</summary>
    public bool IsComputed => _values is null;

    public bool[]? Nulls { get; }

    public override int Length => _length;

    /// <summary>Row <paramref name="row"/>'s value (stored or computed).</summary>
    public T this[int row] => _values is not null ? _values[row] : _valueAt!(row);

    public override bool IsNull(int row) => IsNull(row, out _);

    /// <summary>Reads row <paramref name="row"/> once: its value, and whether it is SQL NULL (masked, null reference or NaN).</summary>
    public bool IsNull(int row, out T value)
    {
        value = this[row];
        if (Nulls is not null && Nulls[row])
        {
            return true;
        }

        return value switch
        {
            null => true,
            double d => !double.IsFinite(d),
            float f => !float.IsFinite(f),
            _ => false,
        };
    }

    public override object? GetValue(int row) => IsNull(row, out var value) ? null : value;

    public override OutputColumn Append(IReadOnlyList<OutputColumn> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var parts = new List<OutputColumn<T>>(others.Count + 1) { this };
        foreach (var other in others)
        {
            parts.Add(other as OutputColumn<T>
                ?? throw new ArgumentException($"Cannot append a {other.GetType().Name} to an OutputColumn<{typeof(T).Name}>.", nameof(others)));
        }

        if (parts.Any(p => p.IsComputed))
        {
            return Computed(parts);
        }

        var values = new T[parts.Sum(p => p.Length)];
        var nulls = parts.Any(p => p.Nulls is not null) ? new bool[values.Length] : null;
        var at = 0;
        foreach (var part in parts)
        {
            part._values!.CopyTo(values, at);
            part.Nulls?.CopyTo(nulls!, at);
            at += part.Length;
        }

        return new OutputColumn<T>(values, nulls);
    }

    /// <summary>The parts one after another, still computed: row r is read from the part it falls in; the masks are joined.</summary>
    private static OutputColumn<T> Computed(List<OutputColumn<T>> parts)
    {
        var starts = new int[parts.Count + 1];
        for (var p = 0; p < parts.Count; p++)
        {
            starts[p + 1] = starts[p] + parts[p].Length;
        }

        var nulls = parts.Any(p => p.Nulls is not null) ? new bool[starts[^1]] : null;
        for (var p = 0; p < parts.Count && nulls is not null; p++)
        {
            parts[p].Nulls?.CopyTo(nulls, starts[p]);
        }

        return new OutputColumn<T>(starts[^1], row =>
        {
            var p = Array.BinarySearch(starts, row);
            p = p >= 0 ? p : ~p - 1;
            while (parts[p].Length == 0 || row >= starts[p + 1])
            {
                p++;
            }

            return parts[p][row - starts[p]];
        }, nulls);
    }

    private T[] Materialize()
    {
        var values = new T[_length];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = _valueAt!(r);
        }

        return values;
    }
}
