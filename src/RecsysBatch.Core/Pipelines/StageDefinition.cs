using System.Text.Json;

namespace RecsysBatch.Core.Pipelines;

/// <summary>A stage entry of a pipeline file: the stage's name and its options object.</summary>
public sealed record StageDefinition(string Name, JsonElement Options, bool Enabled = true);
