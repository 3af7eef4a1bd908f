namespace RecsysBatch.Core.Tables;

/// <summary>A typed column: values plus an optional null mask (reference nulls and NaN count as NULL too).</summary>
public sealed class OutputColumn<T> : OutputColumn
{
    public OutputColumn(T[] values, bool[]? nulls = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (nulls is not null && nulls.Length != values.Length)
        {
            throw new ArgumentException("The null mask must have one entry per value.", nameof(nulls));
        }

        Values = values;
        Nulls = nulls;
    }

    public T[] Values { get; }

    public bool[]? Nulls { get; }

    public override int Length => Values.Length;

    public override bool IsNull(int row)
    {
        if (Nulls is not null && Nulls[row])
        {
            return true;
        }

        var value = Values[row];
        return value switch
        {
            null => true,
            double d => !double.IsFinite(d),
            float f => !float.IsFinite(f),
            _ => false,
        };
    }

    public override object? GetValue(int row) => IsNull(row) ? null : Values[row];

    public override OutputColumn Append(IReadOnlyList<OutputColumn> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var parts = new List<OutputColumn<T>>(others.Count + 1) { this };
        foreach (var other in others)
        {
            parts.Add(other as OutputColumn<T>
                ?? throw new ArgumentException($"Cannot append a {other.GetType().Name} to an OutputColumn<{typeof(T).Name}>.", nameof(others)));
        }

        var values = new T[parts.Sum(p => p.Length)];
        var nulls = parts.Any(p => p.Nulls is not null) ? new bool[values.Length] : null;
        var at = 0;
        foreach (var part in parts)
        {
            part.Values.CopyTo(values, at);
            part.Nulls?.CopyTo(nulls!, at);
            at += part.Length;
        }

        return new OutputColumn<T>(values, nulls);
    }
}
