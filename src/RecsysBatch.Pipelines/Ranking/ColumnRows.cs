using System.Collections;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Rows <paramref name="rows"/> of a column as a list, read when indexed (no copy of the values).</summary>
internal sealed class ColumnRows<T>(OutputColumn<T> column, int[] rows) : IReadOnlyList<T>
{
    public T this[int index] => column[rows[index]];

    public int Count => rows.Length;

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < rows.Length; i++)
        {
            yield return column[rows[i]];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
