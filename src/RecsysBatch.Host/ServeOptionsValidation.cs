using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecsysBatch.Host;

/// <summary>
/// The checks of <see cref="ServeOptions"/> (its data annotations and <see cref="ServeOptions.Validate"/>), each failure
/// one line naming the setting; `recsys serve` runs them before anything starts, and the host again on start.
/// </summary>
internal sealed class ServeOptionsValidation : IValidateOptions<ServeOptions>
{
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? "invalid")
            .Select(m => m.StartsWith("Recsys:", StringComparison.Ordinal) ? m : $"{ServeOptions.Section}: {m}"));
    }
}
