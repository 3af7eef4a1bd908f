using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>The input view with one more column, Score, computed lazily per row by the cursor.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly MatrixFactorizationTransformer _transformer;

    public ScoredDataView(IDataView input, DataViewSchema schema, MatrixFactorizationTransformer transformer)
    {
        _input = input;
        Schema = schema;
        _transformer = transformer;
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new ScoredCursor(_input.GetRowCursor(InputColumns(columnsNeeded), rand), Schema, _transformer);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The input columns a cursor needs: those asked for, plus the keys whenever Score is asked for.</summary>
    private List<DataViewSchema.Column> InputColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        var scoreIndex = _input.Schema.Count;
        var result = new List<DataViewSchema.Column>();
        var wantsScore = false;
        foreach (var column in needed)
        {
            if (column.Index == scoreIndex)
            {
                wantsScore = true;
            }
            else
            {
                result.Add(_input.Schema[column.Index]);
            }
        }

        if (wantsScore)
        {
            result.Add(_input.Schema[_transformer.UserColumn]);
            result.Add(_input.Schema[_transformer.ItemColumn]);
        }

        return result;
    }
}
