namespace RecsysBatch.Pipelines.Ingest;

/// <summary>What an id (user, item, category) must be to be published: no controls, bounded length, valid UTF-8.</summary>
internal static class IdRules
{
    public const string User = "user id";
    public const string Item = "item id";
    public const string Category = "category id";

    /// <summary>The reject reason of <paramref name="id"/>, null when it may be published (empty ids are the caller's rule).</summary>
    public static string? Problem(ReadOnlySpan<byte> id, string field, int maxBytes)
    {
        // A NUL would cut the id in DuckDB's appender (u215\0evil would become u215), other controls garble output.
        if (InputText.HasControl(id))
        {
            return RejectReasons.ControlCharacter(field);
        }

        if (id.Length > maxBytes)
        {
            return RejectReasons.IdTooLong(field, maxBytes);
        }

        return System.Text.Unicode.Utf8.IsValid(id) ? null : RejectReasons.InvalidUtf8;
    }
}
