using System.Globalization;

namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// Test-only fault injection for the kill -9 tests: with RECSYS_FAULT_PAUSE_IN_PUBLISH_MS set, a warehouse pauses
/// inside its publish transaction (after the old snapshot is deleted and the first table written) and says so on
/// stderr, so a test can kill the process at exactly that point. Unset in production: then this does nothing.
/// </summary>
public static class PublishFaults
{
    public const string PauseVariable = "RECSYS_FAULT_PAUSE_IN_PUBLISH_MS";

    public static void PauseInsideTransaction()
    {
        var text = Environment.GetEnvironmentVariable(PauseVariable);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pauseMs) || pauseMs <= 0)
        {
            return;
        }

        Console.Error.WriteLine($"publish paused for {pauseMs} ms inside the transaction ({PauseVariable})");
        Console.Error.Flush();
        Thread.Sleep(pauseMs);
    }
}
