using System.Globalization;
using System.Text;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// One recommendation's explanation (<see cref="AlsExplainer"/>): the seen items (dense keys) that contribute most to
/// the score, largest first, their contributions, the prior term C·y_iᵀW_uΣy (0 when C = 0) and the exact total
/// (Σ every seen item's contribution + prior), which equals the model's score up to float rounding.
/// </summary>
internal sealed record AlsExplanation(IReadOnlyList<int> Items, IReadOnlyList<double> Contributions, double Prior, double Total)
{
    /// <summary>The items as original ids, comma-separated; null when no seen item contributes positively.</summary>
    public string? ItemIds(Func<int, string> id) => Items.Count == 0 ? null : string.Join(",", Items.Select(id));

    /// <summary>Each contribution over the score, 3 decimals, comma-separated; null without items or when the score is not positive.</summary>
    public string? Shares() => Items.Count == 0 || !(Total > 0)
        ? null
        : FormatShares([.. Contributions.Select(c => c / Total)]);

    /// <summary>The keys before the first −1 as ids, comma-separated (what <see cref="ItemIds"/> writes); null when there are none.</summary>
    public static string? FormatItems(ReadOnlySpan<int> keys, Func<int, string> id)
    {
        if (keys.IsEmpty || keys[0] < 0)
        {
            return null;
        }

        var text = new StringBuilder(id(keys[0]));
        for (var j = 1; j < keys.Length && keys[j] >= 0; j++)
        {
            text.Append(',').Append(id(keys[j]));
        }

        return text.ToString();
    }

    /// <summary>The shares before the first NaN, 3 decimals, comma-separated (what <see cref="Shares"/> writes); null when there are none.</summary>
    public static string? FormatShares(ReadOnlySpan<double> shares)
    {
        if (shares.IsEmpty || double.IsNaN(shares[0]))
        {
            return null;
        }

        var text = new StringBuilder();
        for (var j = 0; j < shares.Length && !double.IsNaN(shares[j]); j++)
        {
            text.Append(j == 0 ? "" : ",").Append(shares[j].ToString("0.###", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
