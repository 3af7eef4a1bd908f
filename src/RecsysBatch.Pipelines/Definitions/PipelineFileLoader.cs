using System.Reflection;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using RecsysBatch.Core;
using RecsysBatch.Core.Files;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Definitions;

/// <summary>
/// Reads pipeline files: checks them against pipelines/pipeline.schema.json (embedded at build time), each stage's
/// options against definitions/&lt;stage&gt;Options, the stage names against the registered stages and, when built
/// from the stages themselves, the order of the enabled stages against what each reads (<see cref="StageOrder"/>).
/// </summary>
public sealed class PipelineFileLoader
{
    /// <summary>A pipeline file is a few KB; anything near this is not one (and must not be read whole).</summary>
    private const long MaxFileBytes = 16 << 20;

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private readonly HashSet<string> _knownStages;
    private readonly Dictionary<string, IPipelineStage> _stages = new(StringComparer.Ordinal);

    /// <summary>A loader that knows the stages by name only: no order check.</summary>
    public PipelineFileLoader(IEnumerable<string> knownStages)
    {
        _knownStages = new HashSet<string>(knownStages, StringComparer.Ordinal);
    }

    /// <summary>A loader that also checks each enabled stage's required inputs are made by a stage enabled before it.</summary>
    public PipelineFileLoader(IEnumerable<IPipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            _stages[stage.Name] = stage;
        }

        _knownStages = new HashSet<string>(_stages.Keys, StringComparer.Ordinal);
    }

    /// <summary>Every problem of the file, each with its JSON path; empty when the file is valid.</summary>
    public IReadOnlyList<PipelineProblem> Validate(string path) => Validate(path, PipelineOverrides.None);

    /// <summary>Every problem of the file with <paramref name="overrides"/> applied (command-line --set, --horizon-days).</summary>
    public IReadOnlyList<PipelineProblem> Validate(string path, PipelineOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(overrides);
        if (!File.Exists(path))
        {
            return [new PipelineProblem("$", $"file not found: {path}")];
        }

        string text;
        try
        {
            text = BoundedFile.ReadAllText(path, MaxFileBytes, "pipeline file");
        }
        catch (RecsysException ex)
        {
            return [new PipelineProblem("$", ex.Message)];
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return [new PipelineProblem(ex.Path ?? "$", $"not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}")];
        }

        try
        {
            text = overrides.Apply(text, path);
        }
        catch (RecsysException ex)
        {
            return [new PipelineProblem("$", ex.Message)];
        }

        var problems = new List<PipelineProblem>();
        Collect(Schema.Value.Validate(text), "", problems);
        if (problems.Count > 0)
        {
            return problems;
        }

        using var json = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stages = json.RootElement.GetProperty("stages");
        var order = new List<StageDefinition>();
        for (var i = 0; i < stages.GetArrayLength(); i++)
        {
            var stage = stages[i];
            var name = stage.GetProperty("name").GetString()!;
            var at = $"$.stages[{i}]";
            order.Add(new StageDefinition(name, default, !stage.TryGetProperty("enabled", out var enabled) || enabled.GetBoolean()));
            if (!_knownStages.Contains(name))
            {
                problems.Add(new PipelineProblem($"{at}.name", $"unknown stage '{name}' (known: {string.Join(", ", _knownStages.Order(StringComparer.Ordinal))})"));
                continue;
            }

            if (stage.TryGetProperty("options", out var options)
                && Schema.Value.Definitions.TryGetValue(name + "Options", out var optionsSchema))
            {
                Collect(optionsSchema.Validate(options.GetRawText()), $"{at}.options", problems);
            }
        }

        problems.AddRange(StageOrder.Problems(order, _stages).Select(p => new PipelineProblem($"$.stages[{p.Index}]", p.Message)));
        return problems;
    }

    /// <summary>Loads a valid pipeline file; throws a <see cref="RecsysException"/> listing every problem otherwise.</summary>
    public PipelineDefinition Load(string path) => Load(path, PipelineOverrides.None);

    /// <summary>
    /// Loads the file with <paramref name="overrides"/> applied before the schema check, so a bad --set names the
    /// option and the stage like a bad file would (with "after --set" in the message).
    /// </summary>
    public PipelineDefinition Load(string path, PipelineOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(overrides);
        var full = Path.GetFullPath(path);
        var problems = Validate(full, overrides);
        if (problems.Count > 0)
        {
            var after = overrides.IsEmpty ? "" : $" (after {string.Join(", ", overrides.Describe())})";
            throw new RecsysException($"{path}: invalid pipeline{after}: {string.Join("; ", problems)}");
        }

        var original = BoundedFile.ReadAllText(full, MaxFileBytes, "pipeline file");
        using var json = JsonDocument.Parse(overrides.Apply(original, path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = json.RootElement;
        var folder = Path.GetDirectoryName(full)!;
        var sources = new List<SourceSpec>();
        if (root.TryGetProperty("sources", out var sourceArray))
        {
            foreach (var source in sourceArray.EnumerateArray())
            {
                var sourcePath = source.GetProperty("path").GetString()!;
                sources.Add(new SourceSpec(source.GetProperty("format").GetString()!, Path.GetFullPath(Path.Combine(folder, sourcePath))));
            }
        }

        var stages = new List<StageDefinition>();
        foreach (var stage in root.GetProperty("stages").EnumerateArray())
        {
            var options = stage.TryGetProperty("options", out var o) ? o.Clone() : default;
            var enabled = !stage.TryGetProperty("enabled", out var e) || e.GetBoolean();
            var shards = stage.TryGetProperty("shards", out var n) ? n.GetInt32() : 1;
            stages.Add(new StageDefinition(stage.GetProperty("name").GetString()!, options, enabled, shards));
        }

        return new PipelineDefinition
        {
            Name = root.GetProperty("name").GetString()!,
            Description = root.TryGetProperty("description", out var d) ? d.GetString() : null,
            FilePath = full,
            HorizonDays = root.TryGetProperty("horizonDays", out var h) ? h.GetInt32() : 7,
            Sources = sources,
            Stages = stages,
            FileSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(full))),
            Overrides = overrides.Describe(),
        };
    }

    private static void Collect(IEnumerable<ValidationError> errors, string prefix, List<PipelineProblem> problems)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var nested in child.Errors.Values)
                {
                    Collect(nested, prefix, problems);
                }

                continue;
            }

            problems.Add(new PipelineProblem(ToJsonPath(prefix, error.Path), Describe(error)));
        }
    }

    private static string ToJsonPath(string prefix, string? schemaPath)
    {
        // NJsonSchema paths look like "#/stages[0].options"; we print "$.stages[0].options".
        var rest = (schemaPath ?? "#").TrimStart('#').TrimStart('/');
        var basePath = prefix.Length == 0 ? "$" : prefix;
        return rest.Length == 0 ? basePath : $"{basePath}.{rest}";
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"required property '{error.Property}' is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown property '{error.Property}'",
        ValidationErrorKind.NotInEnumeration => "value is not one of the allowed values",
        ValidationErrorKind.PatternMismatch => "value does not match the required pattern",
        _ => $"{SplitWords(error.Kind.ToString())}",
    };

    private static string SplitWords(string kind) =>
        string.Concat(kind.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot < 0 ? message : message[..dot];
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("pipeline.schema.json")
            ?? throw new InvalidOperationException("pipeline.schema.json is not embedded in the Pipelines assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
