using System.Text.Json;

namespace RecsysBatch.Core.Pipelines;

/// <summary>
/// A stage entry of a pipeline file: the stage's name, its options object, whether it runs, and into how many user
/// shards a served run splits it (stages implementing <see cref="Stages.IShardedStage"/> only; 1 = not split).
/// </summary>
public sealed record StageDefinition(string Name, JsonElement Options, bool Enabled = true, int Shards = 1);
