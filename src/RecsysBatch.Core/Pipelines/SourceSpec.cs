namespace RecsysBatch.Core.Pipelines;

/// <summary>An input source: a format preset and a path, written FORMAT:PATH on the command line.</summary>
public sealed record SourceSpec(string Format, string Path)
{
    /// <summary>The format presets ingest understands.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["canonical", "taobao", "retailrocket", "movielens", "cdnow", "online-retail"];

    public static SourceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new RecsysException($"Source '{text}' is not FORMAT:PATH (formats: {string.Join(", ", Formats)}).");
        }

        var format = text[..colon].Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            throw new RecsysException($"Source '{text}': unknown format '{format}' (formats: {string.Join(", ", Formats)}).");
        }

        return new SourceSpec(format, text[(colon + 1)..]);
    }

    public override string ToString() => $"{Format}:{Path}";
}
