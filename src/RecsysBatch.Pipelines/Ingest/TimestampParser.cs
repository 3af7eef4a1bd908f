using System.Globalization;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Parses event times from UTF-8 text into UTC unix milliseconds. The common ISO layouts are parsed by hand
/// (this runs once per line); other ISO-like text falls back to <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
/// </summary>
internal static class TimestampParser
{
    private const long MaxUnixSeconds = 100_000_000_000_000L;

    /// <summary>Integer unix seconds, or ISO-8601 (UTC when no offset; a plain date is midnight UTC).</summary>
    public static bool TryParseFlexible(ReadOnlySpan<byte> text, out long ms) =>
        TryParseInteger(text, out var seconds) ? TrySecondsToMs(seconds, out ms) : TryParseIso(text, out ms);

    public static bool TryParseUnixSeconds(ReadOnlySpan<byte> text, out long ms)
    {
        ms = 0;
        return TryParseInteger(text, out var seconds) && TrySecondsToMs(seconds, out ms);
    }

    public static bool TryParseUnixMillis(ReadOnlySpan<byte> text, out long ms) =>
        TryParseInteger(text, out ms) && Math.Abs(ms) < MaxUnixSeconds * 1000;

    /// <summary>A day written yyyymmdd (CDNOW), as midnight UTC.</summary>
    public static bool TryParseCompactDate(ReadOnlySpan<byte> text, out long ms)
    {
        ms = 0;
        if (text.Length != 8 || !TryDigits(text, 0, 4, out var y) || !TryDigits(text, 4, 2, out var m) || !TryDigits(text, 6, 2, out var d))
        {
            return false;
        }

        return TryDays(y, m, d, out var days) && Assign(days * 86_400_000L, out ms);
    }

    public static bool TryParseIso(ReadOnlySpan<byte> s, out long ms)
    {
        ms = 0;
        if (s.Length < 10 || s[4] != (byte)'-' || s[7] != (byte)'-'
            || !TryDigits(s, 0, 4, out var y) || !TryDigits(s, 5, 2, out var mo) || !TryDigits(s, 8, 2, out var d))
        {
            return false;
        }

        if (s.Length == 10)
        {
            return TryDays(y, mo, d, out var dateDays) && Assign(dateDays * 86_400_000L, out ms);
        }

        if (s.Length < 19 || s[10] is not ((byte)'T' or (byte)'t' or (byte)' ') || s[13] != (byte)':' || s[16] != (byte)':'
            || !TryDigits(s, 11, 2, out var h) || !TryDigits(s, 14, 2, out var mi) || !TryDigits(s, 17, 2, out var sec)
            || h > 23 || mi > 59 || sec > 59 || !TryDays(y, mo, d, out var days))
        {
            return Fallback(s, out ms);
        }

        var pos = 19;
        var fraction = 0;
        if (pos < s.Length && s[pos] == (byte)'.')
        {
            pos++;
            var digits = 0;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                if (digits < 3)
                {
                    fraction = (fraction * 10) + (s[pos] - '0');
                }

                digits++;
                pos++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 3; digits++)
            {
                fraction *= 10;
            }
        }

        if (!TryOffsetMinutes(s[pos..], out var offsetMinutes))
        {
            return Fallback(s, out ms);
        }

        ms = (((((days * 24) + h) * 60) + mi - offsetMinutes) * 60 + sec) * 1000 + fraction;
        return true;
    }

    private static bool TryOffsetMinutes(ReadOnlySpan<byte> s, out int minutes)
    {
        minutes = 0;
        if (s.IsEmpty || (s.Length == 1 && s[0] is (byte)'Z' or (byte)'z'))
        {
            return true;
        }

        if (s.Length < 3 || s[0] is not ((byte)'+' or (byte)'-') || !TryDigits(s, 1, 2, out var h))
        {
            return false;
        }

        var m = 0;
        var ok = s.Length switch
        {
            3 => true,
            5 => TryDigits(s, 3, 2, out m),
            6 => s[3] == (byte)':' && TryDigits(s, 4, 2, out m),
            _ => false,
        };
        minutes = (s[0] == (byte)'-' ? -1 : 1) * ((h * 60) + m);
        return ok && h <= 23 && m <= 59;
    }

    /// <summary>ISO-like text the fast path does not take (e.g. no seconds); it must start like a date.</summary>
    private static bool Fallback(ReadOnlySpan<byte> s, out long ms)
    {
        ms = 0;
        if (s.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            chars[i] = (char)s[i];
        }

        if (!DateTimeOffset.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return false;
        }

        ms = value.ToUnixTimeMilliseconds();
        return true;
    }

    private static bool TryParseInteger(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var negative = !s.IsEmpty && s[0] == (byte)'-';
        var i = negative ? 1 : 0;
        if (i == s.Length || s.Length - i > 17)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        value = negative ? -value : value;
        return true;
    }

    private static bool TrySecondsToMs(long seconds, out long ms)
    {
        ms = seconds * 1000;
        return Math.Abs(seconds) < MaxUnixSeconds;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }

    /// <summary>Days since 1970-01-01 of a civil date (proleptic Gregorian), false when the date does not exist.</summary>
    private static bool TryDays(int y, int m, int d, out long days)
    {
        days = 0;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), m) || y < 1)
        {
            return false;
        }

        y -= m <= 2 ? 1 : 0;
        var era = y / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        days = ((long)era * 146_097) + doe - 719_468;
        return true;
    }

    private static bool Assign(long value, out long ms)
    {
        ms = value;
        return true;
    }
}
