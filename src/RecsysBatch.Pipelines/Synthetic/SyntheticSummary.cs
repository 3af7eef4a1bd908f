namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>What a generation wrote: event counts per type and how many users were active or dropped out.</summary>
public sealed record SyntheticSummary(
    long Events,
    long Views,
    long Clicks,
    long Favs,
    long Carts,
    long Purchases,
    int Users,
    int Items,
    int ActiveUsers,
    int DroppedOutUsers)
{
    public override string ToString() =>
        $"{Events:N0} events ({Views:N0} views, {Clicks:N0} clicks, {Favs:N0} favs, {Carts:N0} carts, {Purchases:N0} purchases) "
        + $"of {ActiveUsers:N0}/{Users:N0} users over {Items:N0} items";
}
