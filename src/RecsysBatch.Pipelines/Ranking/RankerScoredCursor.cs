using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Passes the input columns through from one input cursor and reads the model inputs with a second, look-ahead
/// cursor over the same rows: when the current row is past the scored batch, the look-ahead cursor fills the
/// session's buffer with the next BatchSize rows and one Run scores them all.
/// </summary>
internal sealed class RankerScoredCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly DataViewRowCursor? _lookahead;
    private readonly DataViewSchema _schema;
    private readonly OnnxRankerSession _session;
    private readonly Action<RankerBatch, int>[] _readers;
    private readonly float[] _scores;
    private long _batchStart;
    private int _batchCount;

    public RankerScoredCursor(DataViewRowCursor input, DataViewRowCursor? lookahead, DataViewSchema schema, OnnxRankerSession session)
    {
        _input = input;
        _lookahead = lookahead;
        _schema = schema;
        _session = session;
        _readers = lookahead is null ? [] : RankerColumns.Readers(session.Contract, lookahead);
        _scores = new float[session.BatchSize];
    }

    public override DataViewSchema Schema => _schema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    private int ScoreIndex => _schema.Count - 1;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == ScoreIndex ? _lookahead is not null : _input.IsColumnActive(_input.Schema[_schema[column.Index].Name]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != ScoreIndex)
        {
            return _input.GetGetter<TValue>(_input.Schema[_schema[column.Index].Name]);
        }

        if (typeof(TValue) != typeof(float) || _lookahead is null)
        {
            throw new InvalidOperationException($"{column.Name} is an active Single column only when requested from the cursor.");
        }

        ValueGetter<float> score = (ref float value) => value = Score(_input.Position);
        return (ValueGetter<TValue>)(Delegate)score;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            _lookahead?.Dispose();
        }

        base.Dispose(disposing);
    }

    private float Score(long position)
    {
        while (position >= _batchStart + _batchCount)
        {
            _batchStart += _batchCount;
            _batchCount = Fill();
        }

        return _scores[(int)(position - _batchStart)];
    }

    /// <summary>Scores the next rows of the look-ahead cursor; the session's buffer is shared, so one cursor at a time uses it.</summary>
    private int Fill()
    {
        lock (_session)
        {
            var buffer = _session.Buffer;
            var n = 0;
            while (n < buffer.Capacity && _lookahead!.MoveNext())
            {
                foreach (var read in _readers)
                {
                    read(buffer, n);
                }

                n++;
            }

            if (n == 0)
            {
                throw new InvalidOperationException("the look-ahead cursor ended before the passed-through one.");
            }

            buffer.Count = n;
            _session.Run().CopyTo(_scores);
            return n;
        }
    }
}
