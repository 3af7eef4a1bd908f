using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The candidates table held compactly: keys, numbers and a source code per row, the explanations as item keys and
/// shares, and ids, titles and the comma-separated explanation strings made only when the table is written (computed
/// columns). About 60 bytes a row instead of ~230 with a string object per id list and per share list: at 10M events
/// (22M candidate rows) that is 1.3 GB instead of 5.
/// </summary>
internal sealed class CompactCandidates
{
    /// <summary>Source codes, in the order of <see cref="Sources"/>.</summary>
    public const byte Mf = 0, MfCategory = 1, Popular = 2;

    private static readonly string[] Sources = ["mf", "mf_category", "popular"];

    private readonly EventTable _events;
    private readonly FactorModel _model;
    private readonly int _because;
    private int[] _user;
    private int[] _rank;
    private int[] _item;
    private double[] _score;
    private byte[] _source;
    private int[] _becauseKeys;
    private double[] _shares;

    /// <param name="capacity">Rows expected (an upper bound avoids regrowing).</param>
    /// <param name="because">Seen items named per row (<see cref="FactorizeOutputBuilder.BecauseItems"/>).</param>
    public CompactCandidates(EventTable events, FactorModel model, int capacity, int because)
    {
        _events = events;
        _model = model;
        _because = because;
        capacity = Math.Max(1, capacity);
        _user = new int[capacity];
        _rank = new int[capacity];
        _item = new int[capacity];
        _score = new double[capacity];
        _source = new byte[capacity];
        _becauseKeys = [];
        _shares = [];
    }

    public int Count { get; private set; }

    public void Add(int user, int rank, int item, double score, byte source)
    {
        if (Count == _user.Length)
        {
            var size = Math.Max(16, _user.Length * 2);
            Array.Resize(ref _user, size);
            Array.Resize(ref _rank, size);
            Array.Resize(ref _item, size);
            Array.Resize(ref _score, size);
            Array.Resize(ref _source, size);
        }

        _user[Count] = user;
        _rank[Count] = rank;
        _item[Count] = item;
        _score[Count] = score;
        _source[Count] = source;
        Count++;
    }

    public int ItemKey(int row) => _item[row];

    /// <summary>Called once every row is added: room for the explanations (no item: key −1; no share: NaN).</summary>
    public void StartExplanations()
    {
        _becauseKeys = new int[Count * _because];
        _shares = new double[Count * _because];
        Array.Fill(_becauseKeys, -1);
        Array.Fill(_shares, double.NaN);
    }

    /// <summary>Row <paramref name="row"/>'s explanation (null: the user's model cannot be explained); rows are independent, so callers may run in parallel.</summary>
    public void SetExplanation(int row, AlsExplanation? explanation)
    {
        if (explanation is null)
        {
            return;
        }

        var at = row * _because;
        var shares = explanation.Items.Count > 0 && explanation.Total > 0;
        for (var j = 0; j < explanation.Items.Count && j < _because; j++)
        {
            _becauseKeys[at + j] = explanation.Items[j];
            _shares[at + j] = shares ? explanation.Contributions[j] / explanation.Total : double.NaN;
        }
    }

    /// <summary>The rows as the candidates table, ids, titles, MF scores and explanation strings computed when read.</summary>
    public OutputTable ToTable()
    {
        var n = Count;
        Array.Resize(ref _rank, n);
        Array.Resize(ref _score, n);
        var (user, rank, item, score, source, because, shares) = (_user, _rank, _item, _score, _source, _becauseKeys, _shares);
        // The id maps and titles, not the events: the table outlives the event table in the working store (the
        // in-process publish drops the events first).
        var (users, items, title) = (_events.Users, _events.Items, _events.ItemTitles());
        var model = _model;
        var width = _because;
        return new OutputTable(FactorizeTables.Candidates,
        [
            new OutputColumn<string>(n, r => users[user[r]]),
            new OutputColumn<int>(rank),
            new OutputColumn<string>(n, r => items[item[r]]),
            new OutputColumn<double>(score),
            new OutputColumn<string>(n, r => Sources[source[r]]),
            new OutputColumn<double>(n, r => source[r] == Popular ? double.NaN : model.Score(user[r], item[r])),
            new OutputColumn<string?>(n, r => AlsExplanation.FormatItems(because.AsSpan(r * width, width), i => items[i])),
            new OutputColumn<string?>(n, r => AlsExplanation.FormatShares(shares.AsSpan(r * width, width))),
            new OutputColumn<string?>(n, r => title(item[r])),
        ]);
    }
}
