using Microsoft.Extensions.Options;
using RecsysBatch.Core;

namespace RecsysBatch.Cli.Commands;

/// <summary>Maps what a command threw to its one-line error and exit code.</summary>
internal static class CommandErrors
{
    /// <summary>How Microsoft.Extensions.Configuration's binder starts the message of a value it cannot convert.</summary>
    private const string ConfigurationValueError = "Failed to convert configuration value";

    public static async Task<int> GuardAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (RecsysException ex)
        {
            return Fail(ex.Message, ExitCodes.InvalidInput);
        }
        catch (OptionsValidationException ex)
        {
            return Fail($"appsettings.json: {string.Join("; ", ex.Failures)}", ExitCodes.InvalidInput);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith(ConfigurationValueError, StringComparison.Ordinal))
        {
            // The configuration binder's error for a setting that is not of its type (e.g. RECSYS__MEMORYLIMITGB=abc).
            return Fail($"appsettings.json or environment: {ex.Message}", ExitCodes.InvalidInput);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", ExitCodes.RunFailed);
        }
#pragma warning disable CA1031 // The CLI's last line of defence: any bug becomes a one-line error and an exit code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync(ex.ToString());
            return Fail($"unexpected {ex.GetType().Name}: {ex.Message}", ExitCodes.Unexpected);
        }
    }

    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"recsys: error: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}
