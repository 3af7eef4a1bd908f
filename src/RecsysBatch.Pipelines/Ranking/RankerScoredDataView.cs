using Microsoft.ML;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The input view with the score column appended; the score is computed lazily, a batch at a time. When the input is an
/// <see cref="IRankerBatchSource"/> (rows in the tensor layout, or candidates filled a batch at a time) batches come from
/// it directly; any other view is read row by row through a look-ahead cursor.
/// </summary>
internal sealed class RankerScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RankerScoringTransformer _transformer;

    public RankerScoredDataView(IDataView input, DataViewSchema schema, RankerScoringTransformer transformer)
    {
        _input = input;
        Schema = schema;
        _transformer = transformer;
    }

    // Batches are read by a second cursor that must visit rows in the same order as the first.
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var scoreIndex = Schema.Count - 1;
        var passThrough = needed.Where(c => c.Index != scoreIndex).Select(c => _input.Schema[Schema[c.Index].Name]).ToList();
        var scored = needed.Any(c => c.Index == scoreIndex);
        // Transform checked the view's columns against the session's contract, so its arrays have the tensors' widths.
        if (scored && _input is IRankerBatchSource source)
        {
            return new RankerScoredCursor(_input.GetRowCursor(passThrough), source, Schema, _transformer.Session);
        }

        DataViewRowCursor? lookahead = null;
        if (scored)
        {
            var tensors = _transformer.Session.Contract.Inputs.Select(t => _input.Schema[t.Name]);
            lookahead = _input.GetRowCursor(tensors);
        }

        return new RankerScoredCursor(_input.GetRowCursor(passThrough), lookahead, Schema, _transformer.Session);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
