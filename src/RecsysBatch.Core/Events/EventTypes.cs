namespace RecsysBatch.Core.Events;

/// <summary>Names of the canonical event types as they appear in files and tables.</summary>
public static class EventTypes
{
    public const int Count = 6;

    private static readonly string[] Names = ["view", "click", "fav", "cart", "purchase", "rating"];

    public static IReadOnlyList<string> All => Names;

    public static string ToName(this EventType type) => Names[(int)type];

    /// <summary>Parses a canonical name (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EventType type)
    {
        text = text.Trim();
        for (var i = 0; i < Names.Length; i++)
        {
            if (text.Equals(Names[i], StringComparison.OrdinalIgnoreCase))
            {
                type = (EventType)i;
                return true;
            }
        }

        type = default;
        return false;
    }
}
