namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The title column beside item_id in item_features, candidates and recommendations: one description for all three,
/// so the data dictionary says the same thing wherever a title shows.
/// </summary>
internal static class ItemTitles
{
    public const string Description = "Title of the item as the source gives it (MovieLens movies.csv title, UCI Online Retail most frequent Description of the StockCode; trimmed, controls escaped, at most 256 characters); null when the source has none for the item and in rows written before the column existed.";
}
