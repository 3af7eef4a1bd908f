using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Reads a stage option that is a number or the string "auto" (null: chosen by the stage on an inner validation
/// split); anything else is a <see cref="JsonException"/> whose serializer message names the option's path.
/// </summary>
internal sealed class AutoNumberConverter : JsonConverter<double?>
{
    public const string Auto = "auto";

    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String when string.Equals(reader.GetString(), Auto, StringComparison.Ordinal) => null,
        // No message of our own: the serializer then writes one with the JSON path ($.lambda), naming the option.
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(Auto);
        }
    }
}
