using System.Text;

namespace RecsysBatch.Host.Tests;

/// <summary>Everything a process wrote to its (pseudo-)terminal so far, read in the background so prompts can be awaited.</summary>
internal sealed class TerminalOutput
{
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder text = new();

    public TerminalOutput(StreamReader reader) => _ = Task.Run(() => Pump(reader));

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="prompt"/> appears.</summary>
    public void WaitFor(string prompt)
    {
        var deadline = DateTime.UtcNow + PromptTimeout;
        while (!Text.Contains(prompt, StringComparison.Ordinal))
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, $"no '{prompt}' in:\n{Text}");
            Thread.Sleep(50);
        }
    }

    private void Pump(StreamReader reader)
    {
        var buffer = new char[256];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (text)
            {
                text.Append(buffer, 0, read);
            }
        }
    }
}
