using System.Text;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Counts the titles each item id is given (e.g. the Description of every Online Retail line of a StockCode) and
/// picks the most frequent per item; ties go to the title seen first, so the result follows file order.
/// Titles are counted after <see cref="ItemTitleText.Clean"/>, so spellings that differ only in padding are one.
/// </summary>
internal sealed class TitleVotes
{
    private readonly Dictionary<string, List<(string Title, int Count)>> _votes = new(StringComparer.Ordinal);

    public void Add(ReadOnlySpan<byte> item, ReadOnlySpan<byte> rawTitle)
    {
        if (item.IsEmpty || ItemTitleText.Clean(rawTitle) is not { } title)
        {
            return;
        }

        var id = Encoding.UTF8.GetString(item);
        if (!_votes.TryGetValue(id, out var titles))
        {
            _votes.Add(id, [(title, 1)]);
            return;
        }

        var at = titles.FindIndex(t => t.Title == title);
        if (at < 0)
        {
            titles.Add((title, 1));
        }
        else
        {
            titles[at] = (title, titles[at].Count + 1);
        }
    }

    /// <summary>The most frequent title per item id.</summary>
    public Dictionary<string, string> Winners()
    {
        var winners = new Dictionary<string, string>(_votes.Count, StringComparer.Ordinal);
        foreach (var (id, titles) in _votes)
        {
            var best = titles[0];
            foreach (var t in titles)
            {
                if (t.Count > best.Count)
                {
                    best = t;
                }
            }

            winners.Add(id, best.Title);
        }

        return winners;
    }
}
