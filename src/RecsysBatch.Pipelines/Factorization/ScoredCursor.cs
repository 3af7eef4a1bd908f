using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Delegates every input column to the input cursor and computes Score from the row's keys.</summary>
internal sealed class ScoredCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly DataViewSchema _schema;
    private readonly MatrixFactorizationTransformer _transformer;

    public ScoredCursor(DataViewRowCursor input, DataViewSchema schema, MatrixFactorizationTransformer transformer)
    {
        _input = input;
        _schema = schema;
        _transformer = transformer;
    }

    public override DataViewSchema Schema => _schema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    private int ScoreIndex => _schema.Count - 1;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == ScoreIndex || _input.IsColumnActive(_input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != ScoreIndex)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        if (typeof(TValue) != typeof(float))
        {
            throw new InvalidOperationException($"Score is Single, not {typeof(TValue).Name}.");
        }

        var getUser = _input.GetGetter<uint>(_input.Schema[_transformer.UserColumn]);
        var getItem = _input.GetGetter<uint>(_input.Schema[_transformer.ItemColumn]);
        uint user = 0, item = 0;
        ValueGetter<float> score = (ref float value) =>
        {
            getUser(ref user);
            getItem(ref item);
            value = _transformer.Score(user, item);
        };
        return (ValueGetter<TValue>)(Delegate)score;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }
}
