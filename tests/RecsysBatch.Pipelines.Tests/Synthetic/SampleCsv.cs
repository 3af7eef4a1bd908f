using System.Globalization;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

/// <summary>A strict reader of the canonical events.csv: any deviation from the format fails the test with the line.</summary>
internal static class SampleCsv
{
    public const string Header = "user_id,item_id,category_id,event_type,ts,value";

    public static List<SampleRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        Assert.AreEqual(Header, reader.ReadLine(), "header");
        var rows = new List<SampleRow>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            rows.Add(Parse(text, line));
        }

        return rows;
    }

    private static SampleRow Parse(string text, int line)
    {
        var fields = text.Split(',');
        Assert.HasCount(6, fields, $"line {line}: {text}");
        Assert.IsTrue(EventTypes.TryParse(fields[3], out var type) && type != EventType.Rating && type.ToName() == fields[3], $"line {line}: type {fields[3]}");
        Assert.IsTrue(
            DateTime.TryParseExact(fields[4], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ts),
            $"line {line}: ts {fields[4]}");
        decimal? value = null;
        if (fields[5].Length > 0)
        {
            var dot = fields[5].IndexOf('.', StringComparison.Ordinal);
            Assert.IsTrue(dot > 0 && dot == fields[5].Length - 3, $"line {line}: value {fields[5]} must have two decimals");
            value = decimal.Parse(fields[5], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        return new SampleRow(Id(fields[0], 'u', line), Id(fields[1], 'i', line), Id(fields[2], 'c', line), type, ts, value);
    }

    private static int Id(string field, char prefix, int line)
    {
        Assert.IsTrue(field.Length > 1 && field[0] == prefix, $"line {line}: id {field}");
        Assert.IsTrue(int.TryParse(field.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id), $"line {line}: id {field}");
        Assert.AreEqual(id.ToString(CultureInfo.InvariantCulture), field[1..], $"line {line}: id {field} not canonical");
        return id;
    }
}
