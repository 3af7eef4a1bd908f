namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// What an item title from an input file may be when published: trimmed, controls written as <c>\xNN</c> and
/// invalid UTF-8 replaced (as <see cref="InputText"/> does for other text from input files), at most
/// <see cref="MaxChars"/> characters (a longer one is cut and ends in "..."); an empty title is none.
/// </summary>
internal static class ItemTitleText
{
    /// <summary>Longest published title in characters, the cut mark included.</summary>
    public const int MaxChars = 256;

    /// <summary>The publishable title of <paramref name="raw"/>, null when it is empty after trimming.</summary>
    public static string? Clean(ReadOnlySpan<byte> raw)
    {
        var text = FieldSplitter.Trim(raw);
        return text.IsEmpty ? null : InputText.Escape(text, text.Length, MaxChars - 3, _ => "...");
    }
}
