using System.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Event type names of the input formats, matched on UTF-8 bytes (ASCII case-insensitive).</summary>
internal static class Utf8EventTypes
{
    /// <summary>The canonical names: view, click, fav, cart, purchase, rating.</summary>
    public static bool TryParseCanonical(ReadOnlySpan<byte> text, out EventType type)
    {
        type = text.Length switch
        {
            3 when Ascii.EqualsIgnoreCase(text, "fav"u8) => EventType.Fav,
            4 when Ascii.EqualsIgnoreCase(text, "view"u8) => EventType.View,
            4 when Ascii.EqualsIgnoreCase(text, "cart"u8) => EventType.Cart,
            5 when Ascii.EqualsIgnoreCase(text, "click"u8) => EventType.Click,
            6 when Ascii.EqualsIgnoreCase(text, "rating"u8) => EventType.Rating,
            8 when Ascii.EqualsIgnoreCase(text, "purchase"u8) => EventType.Purchase,
            _ => (EventType)255,
        };
        return type != (EventType)255;
    }

    /// <summary>Taobao behaviours: pv is an item detail page view, so it maps to view; buy is a purchase.</summary>
    public static bool TryParseTaobao(ReadOnlySpan<byte> text, out EventType type)
    {
        type = text.Length switch
        {
            2 when Ascii.EqualsIgnoreCase(text, "pv"u8) => EventType.View,
            3 when Ascii.EqualsIgnoreCase(text, "fav"u8) => EventType.Fav,
            3 when Ascii.EqualsIgnoreCase(text, "buy"u8) => EventType.Purchase,
            4 when Ascii.EqualsIgnoreCase(text, "cart"u8) => EventType.Cart,
            _ => (EventType)255,
        };
        return type != (EventType)255;
    }

    /// <summary>RetailRocket events: view, addtocart (cart), transaction (purchase).</summary>
    public static bool TryParseRetailRocket(ReadOnlySpan<byte> text, out EventType type)
    {
        type = text.Length switch
        {
            4 when Ascii.EqualsIgnoreCase(text, "view"u8) => EventType.View,
            9 when Ascii.EqualsIgnoreCase(text, "addtocart"u8) => EventType.Cart,
            11 when Ascii.EqualsIgnoreCase(text, "transaction"u8) => EventType.Purchase,
            _ => (EventType)255,
        };
        return type != (EventType)255;
    }
}
