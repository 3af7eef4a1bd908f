using System.Reflection;
using System.Text.Json;
using Cronos;
using NJsonSchema;
using NJsonSchema.Validation;
using RecsysBatch.Core;
using RecsysBatch.Core.Files;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Reads schedules/*.schedule.json and checks everything Hangfire would otherwise only find out at 02:30: the schema
/// (schedules/schedule.schema.json, embedded at build time), the pipeline file, the cron, the time zone and unique
/// ids. The first problem stops the load with one <see cref="RecsysException"/> naming the file and the culprit, so
/// a host never syncs half a folder.
/// </summary>
public sealed class ScheduleLoader(PipelineFileLoader pipelines)
{
    private const string FilePattern = "*.schedule.json";

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly char[] CronSeparators = [' ', '\t'];

    /// <summary>Every schedule of the folder, sorted by id; the pipeline paths are resolved from the folder above it.</summary>
    public IReadOnlyList<ScheduleDefinition> LoadFolder(string schedulesFolder)
    {
        ArgumentNullException.ThrowIfNull(schedulesFolder);
        if (!Directory.Exists(schedulesFolder))
        {
            throw new RecsysException($"{schedulesFolder}: schedules folder not found (full path {Path.GetFullPath(schedulesFolder)}).");
        }

        var root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(schedulesFolder)))
            ?? throw new RecsysException($"{schedulesFolder}: the schedules folder has no parent folder to resolve pipeline paths from.");
        var byId = new Dictionary<string, ScheduleDefinition>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(schedulesFolder, FilePattern).Order(StringComparer.Ordinal))
        {
            var schedule = LoadFile(file, root);
            if (byId.TryGetValue(schedule.Id, out var first))
            {
                throw new RecsysException($"{file}: duplicate id '{schedule.Id}' (also in {first.FilePath}).");
            }

            byId.Add(schedule.Id, schedule);
        }

        return [.. byId.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The first time after <paramref name="after"/> the schedule fires, with the offset of its time zone at that time;
    /// null when the cron never fires again. DST gaps and overlaps are handled as Hangfire does (both use Cronos).
    /// </summary>
    public static DateTimeOffset? NextOccurrence(ScheduleDefinition s, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(s);
        return ParseCron(s.Cron).GetNextOccurrence(after, TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone));
    }

    /// <summary>Parses a cron the way Hangfire 1.8 does: a macro (@daily), 5 fields, or 6 fields with seconds first.</summary>
    internal static CronExpression ParseCron(string cron)
    {
        if (cron.StartsWith('@'))
        {
            return CronExpression.Parse(cron, CronFormat.Standard);
        }

        return cron.Split(CronSeparators, StringSplitOptions.RemoveEmptyEntries).Length switch
        {
            5 => CronExpression.Parse(cron, CronFormat.Standard),
            6 => CronExpression.Parse(cron, CronFormat.IncludeSeconds),
            var n => throw new CronFormatException($"it has {n} fields; Hangfire takes 5 (minute hour day month weekday), 6 (seconds first) or a macro such as @daily"),
        };
    }

    private ScheduleDefinition LoadFile(string file, string root)
    {
        // A schedule file is a few hundred bytes; a device or a huge file named *.schedule.json must not be read whole.
        var text = BoundedFile.ReadAllText(file, 1 << 20, "schedule file");
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(text, JsonOptions);
            json = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new RecsysException($"{file}: not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}", ex);
        }

        var problems = new List<string>();
        Collect(Schema.Value.Validate(text), problems);
        if (problems.Count > 0)
        {
            throw new RecsysException($"{file}: {string.Join("; ", problems)}");
        }

        var id = json.GetProperty("id").GetString()!;
        var pipeline = json.GetProperty("pipeline").GetString()!;
        var cron = json.GetProperty("cron").GetString()!;
        var timeZone = json.GetProperty("timeZone").GetString()!;

        var pipelinePath = Path.GetFullPath(Path.Combine(root, pipeline));
        if (!File.Exists(pipelinePath))
        {
            throw new RecsysException($"{file}: $.pipeline: pipeline file '{pipeline}' not found (tried {pipelinePath}).");
        }

        var pipelineProblems = pipelines.Validate(pipelinePath);
        if (pipelineProblems.Count > 0)
        {
            throw new RecsysException($"{file}: $.pipeline: '{pipeline}' is not a valid pipeline: {string.Join("; ", pipelineProblems)}");
        }

        try
        {
            ParseCron(cron);
        }
        catch (CronFormatException ex)
        {
            throw new RecsysException($"{file}: $.cron: '{cron}' is not a cron Hangfire accepts: {ex.Message}", ex);
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new RecsysException($"{file}: $.timeZone: unknown time zone '{timeZone}' (use an IANA id such as Europe/Berlin, or UTC).", ex);
        }

        return new ScheduleDefinition(
            id,
            pipeline,
            pipelinePath,
            cron,
            timeZone,
            json.GetProperty("queue").GetString()!,
            json.GetProperty("retryAttempts").GetInt32(),
            json.GetProperty("enabled").GetBoolean(),
            Path.GetFullPath(file));
    }

    private static void Collect(IEnumerable<ValidationError> errors, List<string> problems)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var nested in child.Errors.Values)
                {
                    Collect(nested, problems);
                }

                continue;
            }

            var rest = (error.Path ?? "#").TrimStart('#').TrimStart('/');
            var at = rest.Length == 0 ? "$" : "$." + rest;
            problems.Add($"{at}: {Describe(error)}");
        }
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"required property '{error.Property}' is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown property '{error.Property}'",
        ValidationErrorKind.PatternMismatch => $"value does not match {error.Schema?.Pattern}",
        ValidationErrorKind.NumberTooBig => $"value is above the maximum {error.Schema?.Maximum}",
        ValidationErrorKind.NumberTooSmall => $"value is below the minimum {error.Schema?.Minimum}",
        ValidationErrorKind.IntegerExpected => "an integer is expected",
        ValidationErrorKind.StringExpected => "a string is expected",
        ValidationErrorKind.BooleanExpected => "true or false is expected",
        ValidationErrorKind.ObjectExpected => "an object is expected",
        _ => error.Kind.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot < 0 ? message : message[..dot];
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("schedule.schema.json")
            ?? throw new InvalidOperationException("schedule.schema.json is not embedded in the Jobs assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
