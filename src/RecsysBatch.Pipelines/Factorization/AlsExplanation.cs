using System.Globalization;

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
        : string.Join(',', Contributions.Select(c => (c / Total).ToString("0.###", CultureInfo.InvariantCulture)));
}
