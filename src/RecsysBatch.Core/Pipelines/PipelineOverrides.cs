using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecsysBatch.Core.Pipelines;

/// <summary>
/// Changes to a pipeline file given on the command line (`--horizon-days N`, `--set stage.option=value`), applied to
/// the file's JSON before it is checked against pipelines/pipeline.schema.json, so a short log needs no copied file.
/// A value is taken as JSON when it parses as JSON (<c>0.05</c>, <c>true</c>, <c>[1,2]</c>), else as a string.
/// </summary>
public sealed record PipelineOverrides
{
    public static PipelineOverrides None { get; } = new();

    /// <summary>Replaces the file's horizonDays (null: keep).</summary>
    public int? HorizonDays { get; init; }

    /// <summary>Option settings, in the order given: (stage, option, value as JSON).</summary>
    public IReadOnlyList<OptionSetting> Settings { get; init; } = [];

    public bool IsEmpty => HorizonDays is null && Settings.Count == 0;

    /// <summary>Parses `stage.option=value`; a RecsysException naming the text when it is not of that shape.</summary>
    public static OptionSetting ParseSetting(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var dot = equals < 0 ? -1 : text.LastIndexOf('.', equals);
        if (equals < 0 || dot <= 0 || dot == equals - 1)
        {
            throw new RecsysException($"--set '{text}' is not stage.option=value (e.g. rank.labelEvent=purchase).");
        }

        var raw = text[(equals + 1)..];
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(raw);
        }

        return new OptionSetting(text[..dot].Trim(), text[(dot + 1)..equals].Trim(), value, text);
    }

    /// <summary>The file's JSON with the overrides applied; a RecsysException for a stage the file does not name.</summary>
    public string Apply(string pipelineJson, string path)
    {
        if (IsEmpty)
        {
            return pipelineJson;
        }

        var root = JsonNode.Parse(pipelineJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?.AsObject()
            ?? throw new RecsysException($"{path}: the pipeline file is not a JSON object.");
        if (HorizonDays is { } horizon)
        {
            root["horizonDays"] = horizon;
        }

        var stages = root["stages"] as JsonArray;
        foreach (var setting in Settings)
        {
            var stage = stages?.OfType<JsonObject>().FirstOrDefault(s => s["name"]?.GetValueKind() == JsonValueKind.String && (string?)s["name"] == setting.Stage)
                ?? throw new RecsysException(
                    $"--set {setting.Text}: {path} has no stage '{setting.Stage}' (stages: {string.Join(", ", stages?.OfType<JsonObject>().Select(s => (string?)s["name"]) ?? [])}).");
            if (stage["options"] is not JsonObject options)
            {
                options = [];
                stage["options"] = options;
            }

            options[setting.Option] = setting.Value?.DeepClone();
        }

        return root.ToJsonString();
    }

    /// <summary>The overrides as given, for the run's recorded configuration.</summary>
    public IReadOnlyList<string> Describe() =>
        [.. HorizonDays is { } h ? [$"--horizon-days {h}"] : Array.Empty<string>(), .. Settings.Select(s => $"--set {s.Text}")];
}
