using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Passes the input columns through from one input cursor and scores the rows a batch at a time: when the current
/// row is past the scored batch, the next BatchSize rows are scored by one Run. This is the one batching loop of ONNX
/// scoring. The rows come either from a second, look-ahead cursor over the same rows (any view: one getter call and
/// span copy per input per row into the session's pinned buffer), or, for an <see cref="IRankerBatchSource"/>, from
/// the view itself a batch at a time (a <see cref="RankerInputView"/>'s arrays in place, a
/// <see cref="RankerCandidateView"/>'s rows filled into the buffer: no per-row getter calls).
/// </summary>
internal sealed class RankerScoredCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly DataViewRowCursor? _lookahead;
    private readonly IRankerBatchSource? _source;
    private readonly DataViewSchema _schema;
    private readonly OnnxRankerSession _session;
    private readonly Action<int>[] _readers;
    private readonly float[] _scores;
    private long _batchStart;
    private int _batchCount;

    /// <summary>The generic path: <paramref name="lookahead"/> (null when the score is not needed) reads the model inputs.</summary>
    public RankerScoredCursor(DataViewRowCursor input, DataViewRowCursor? lookahead, DataViewSchema schema, OnnxRankerSession session)
        : this(input, schema, session)
    {
        _lookahead = lookahead;
        _readers = lookahead is null ? [] : RankerColumns.Readers(session.Contract, lookahead, session.Buffer);
    }

    /// <summary>The batch path: row i of the input cursor is row i of <paramref name="rows"/>.</summary>
    public RankerScoredCursor(DataViewRowCursor input, IRankerBatchSource rows, DataViewSchema schema, OnnxRankerSession session)
        : this(input, schema, session)
    {
        _source = rows;
        _readers = [];
    }

    private RankerScoredCursor(DataViewRowCursor input, DataViewSchema schema, OnnxRankerSession session)
    {
        _input = input;
        _schema = schema;
        _session = session;
        _readers = [];
        _scores = new float[session.BatchSize];
    }

    /// <summary>True when batches come from an <see cref="IRankerBatchSource"/> (e.g. in place from a <see cref="RankerInputView"/>'s arrays).</summary>
    public bool IsColumnar => _source is not null;

    public override DataViewSchema Schema => _schema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    private int ScoreIndex => _schema.Count - 1;

    private bool Scored => _lookahead is not null || _source is not null;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == ScoreIndex ? Scored : _input.IsColumnActive(_input.Schema[_schema[column.Index].Name]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != ScoreIndex)
        {
            return _input.GetGetter<TValue>(_input.Schema[_schema[column.Index].Name]);
        }

        if (typeof(TValue) != typeof(float) || !Scored)
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
        var offset = position - _batchStart;
        if ((ulong)offset >= (ulong)_batchCount)
        {
            if (_source is not null)
            {
                FillColumnar(position);
            }
            else
            {
                while (position >= _batchStart + _batchCount)
                {
                    _batchStart += _batchCount;
                    _batchCount = Fill();
                }
            }

            offset = position - _batchStart;
        }

        return _scores[(int)offset];
    }

    /// <summary>Scores the batch of the source's rows that holds <paramref name="position"/>.</summary>
    private void FillColumnar(long position)
    {
        var batchSize = _session.BatchSize;
        var start = (int)(position / batchSize * batchSize);
        var n = Math.Min(batchSize, _source!.Count - start);
        lock (_session)
        {
            _source.Run(_session, start, n).CopyTo(_scores);
        }

        _batchStart = start;
        _batchCount = n;
    }

    /// <summary>Scores the next rows of the look-ahead cursor; the session's buffer is shared, so one cursor at a time uses it.</summary>
    private int Fill()
    {
        lock (_session)
        {
            var buffer = _session.Buffer;
            var readers = _readers;
            var n = 0;
            while (n < buffer.Capacity && _lookahead!.MoveNext())
            {
                foreach (var read in readers)
                {
                    read(n);
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
