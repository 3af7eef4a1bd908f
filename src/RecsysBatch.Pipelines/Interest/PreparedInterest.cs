namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// What the interest stage's preparation leaves for the scoring shards: the next-window model as its ML.NET zip bytes
/// (null: too little history, every user gets population predictions) and the population statistics at the snapshot
/// (popularity and switch probabilities of all users, so a shard's candidates and popularity prior match an unsplit run).
/// </summary>
internal sealed class PreparedInterest(byte[]? model, CategoryPopulation population)
{
    public byte[]? Model { get; } = model;

    public CategoryPopulation Population { get; } = population;
}
