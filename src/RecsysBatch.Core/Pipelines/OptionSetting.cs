using System.Text.Json.Nodes;

namespace RecsysBatch.Core.Pipelines;

/// <summary>One `--set stage.option=value`: the stage, the option, the value as JSON and the text as given.</summary>
public sealed record OptionSetting(string Stage, string Option, JsonNode? Value, string Text);
