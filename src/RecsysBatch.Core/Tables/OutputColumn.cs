namespace RecsysBatch.Core.Tables;

/// <summary>The values of one column of an <see cref="OutputTable"/>, typed by <see cref="ColumnType"/>.</summary>
public abstract class OutputColumn
{
    public abstract int Length { get; }

    /// <summary>True when row <paramref name="row"/> is SQL NULL (null reference, NaN double, or marked null).</summary>
    public abstract bool IsNull(int row);

    /// <summary>The boxed value of a row, for tests and small tables; publishing uses the typed arrays.</summary>
    public abstract object? GetValue(int row);

    /// <summary>This column's rows followed by those of <paramref name="others"/> (columns of the same type).</summary>
    public abstract OutputColumn Append(IReadOnlyList<OutputColumn> others);
}
