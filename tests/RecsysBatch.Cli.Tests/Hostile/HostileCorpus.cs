using System.Globalization;
using System.Text;

namespace RecsysBatch.Cli.Tests.Hostile;

/// <summary>
/// The corpus of malformed and hostile inputs fed through `recsys run` (issue 14): encodings, control characters,
/// quoting, truncation, huge fields, future and ancient timestamps, every column's edge values, broken files.
/// Each text case is 80 valid canonical lines around the bad bytes, so the run can publish what is good.
/// </summary>
internal static class HostileCorpus
{
    public const string Header = "user_id,item_id,category_id,event_type,ts,value\n";

    private static readonly string[] Types = ["view", "click", "cart", "purchase"];

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    /// <summary>80 distinct valid lines, users u1..u8, items i1..i12, 2026-10-01 .. 2026-10-10.</summary>
    public static string GoodLines(int from, int count)
    {
        var text = new StringBuilder();
        for (var k = from; k < from + count; k++)
        {
            var type = Types[k % 4];
            text.Append(CultureInfo.InvariantCulture, $"u{(k % 8) + 1},i{(k % 12) + 1},c{(k % 3) + 1},{type},2026-10-{1 + (k % 10):00}T{k % 24:00}:00:00Z,{(type == "purchase" ? "9.5" : "")}\n");
        }

        return text.ToString();
    }

    /// <summary>A canonical CSV: header, 40 good lines, the bad bytes, 40 more good lines.</summary>
    private static HostileCase Around(string name, byte[] bad) =>
        new(name, "canonical", "events.csv", HostileCase.Concat(HostileCase.Utf8(Header + GoodLines(0, 40)), bad, HostileCase.Utf8(GoodLines(40, 40))), MayRefuseSource: false);

    private static HostileCase Around(string name, string bad) => Around(name, HostileCase.Utf8(bad));

    private static HostileCase Whole(string name, byte[] bytes, string format = "canonical", string file = "events.csv") =>
        new(name, format, file, bytes, MayRefuseSource: true);

    private static List<HostileCase> Build()
    {
        var megabyte = new string('u', 1 << 20);
        List<HostileCase> cases =
        [
            // Control characters: the DuckDB appender cuts strings at NUL, so a kept NUL id would merge two users.
            Around("nul inside user id", "u2\0evil,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("nul starts user id", "\0a,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("nul inside item id", "u3,i1\0x,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("escape and bell in id", "u\u001b[31m\a,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("DEL in item id", "u4,i\u007f1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("tab inside quoted user id", "\"u\t5\",i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("control char in category", "u5,i1,c\u00011,view,2026-10-03T01:00:00Z,\n"),
            Around("control char in event type", "u5,i1,c1,vi\u0002ew,2026-10-03T01:00:00Z,\n"),
            // Quoting: a newline inside quotes must never publish a fragment such as `split0"`.
            Around("newline inside quoted user id", "\"u\nsplit0\",i7,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("CRLF inside quoted item id", "u1,\"i\r\nsplit1\",c1,view,2026-10-03T01:00:00Z,\n"),
            Around("stray quote in unquoted field", "u\"x,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("unterminated quote", "\"u6,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("quoted id with comma and doubled quote", "\"u,7\",\"i\"\"q\",c1,view,2026-10-03T01:00:00Z,\n"),
            // Sizes.
            Around("one megabyte user id", megabyte + ",i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("user id of 257 bytes", new string('v', 257) + ",i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("huge category id", "u1,i1," + new string('c', 100_000) + ",view,2026-10-03T01:00:00Z,\n"),
            Around("ten thousand fields", "u1,i1,c1,view,2026-10-03T01:00:00Z," + new string(',', 10_000) + "\n"),
            // Empty and blank ids.
            Around("empty user id", ",i1,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("empty item id", "u1,,c1,view,2026-10-03T01:00:00Z,\n"),
            Around("blank user id", "   ,i1,c1,view,2026-10-03T01:00:00Z,\n"),
            // Encodings.
            Around("invalid UTF-8 in user id", HostileCase.Concat(HostileCase.Utf8("u"), [0xFF, 0xFE], HostileCase.Utf8(",i1,c1,view,2026-10-03T01:00:00Z,\n"))),
            Around("overlong UTF-8 NUL in item id", HostileCase.Concat(HostileCase.Utf8("u1,i"), [0xC0, 0x80], HostileCase.Utf8(",c1,view,2026-10-03T01:00:00Z,\n"))),
            Around("UTF-8 encoded surrogate in id", HostileCase.Concat(HostileCase.Utf8("u"), [0xED, 0xA0, 0x80], HostileCase.Utf8(",i1,c1,view,2026-10-03T01:00:00Z,\n"))),
            Around("right-to-left and zero-width ids", "u\u202e\u200b9,i\u00e91,c1,view,2026-10-03T01:00:00Z,\n"),
            // Timestamps.
            Around("future timestamp 2099", "u1,i1,c1,view,2099-06-01T00:00:00Z,\n"),
            Around("future timestamp next year", "u1,i2,c1,view,2027-06-01T00:00:00Z,\n"),
            Around("timestamp zero", "u1,i3,c1,view,0,\n"),
            Around("timestamp in milliseconds", "u1,i4,c1,view,1790000000000,\n"),
            Around("timestamp word", "u1,i5,c1,view,yesterday,\n"),
            Around("timestamp with offset", "u1,i6,c1,click,2026-10-03T01:00:00+05:00,\n"),
            Around("timestamp year 10000", "u1,i6,c1,click,10000-01-01T00:00:00Z,\n"),
            // Values and types.
            Around("value NaN", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,NaN\n"),
            Around("value Infinity", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,Infinity\n"),
            Around("value -inf", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,-inf\n"),
            Around("value 1e309", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,1e309\n"),
            Around("negative amount", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,-5\n"),
            Around("value not a number", "u1,i1,c1,purchase,2026-10-03T02:00:00Z,abc\n"),
            Around("unknown event type", "u1,i1,c1,buy,2026-10-03T02:00:00Z,\n"),
            // Structure.
            Around("too few fields", "u1,i1,c1\n"),
            Around("too many fields", "u1,i1,c1,view,2026-10-03T02:00:00Z,,extra\n"),
            Around("garbage line", "garbage\n"),
            Around("blank line", "\n"),
            Around("exact duplicates (at-least-once delivery)", string.Concat(Enumerable.Repeat("u2,i2,c2,cart,2026-10-04T05:00:00Z,\n", 10))),
            new("CRLF line endings", "canonical", "events.csv", HostileCase.Utf8((Header + GoodLines(0, 80)).ReplaceLineEndings("\r\n")), MayRefuseSource: false),
            new("no newline at end", "canonical", "events.csv", HostileCase.Utf8(Header + GoodLines(0, 80).TrimEnd('\n')), MayRefuseSource: false),
            new("UTF-8 BOM", "canonical", "events.csv", HostileCase.Concat([0xEF, 0xBB, 0xBF], HostileCase.Utf8(Header + GoodLines(0, 80))), MayRefuseSource: false),
            new("truncated last line", "canonical", "events.csv", HostileCase.Utf8(Header + GoodLines(0, 80) + "u1,i1,c1,vi"), MayRefuseSource: false),
            // Whole files that are not what they claim.
            Whole("empty file", []),
            Whole("header only", HostileCase.Utf8(Header)),
            Whole("duplicated header column", HostileCase.Utf8("user_id,item_id,user_id,event_type,ts\n" + "u1,i1,u2,view,2026-10-03T01:00:00Z\n")),
            Whole("header missing ts", HostileCase.Utf8("user_id,item_id,event_type\nu1,i1,view\n")),
            Whole("UTF-16 file", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + GoodLines(0, 20))).ToArray()),
            Whole("binary garbage", [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251))]),
            Whole("CR-only line endings", HostileCase.Utf8((Header + GoodLines(0, 20)).Replace('\n', '\r'))),
            Whole("misnamed binary as parquet", [.. Enumerable.Range(0, 512).Select(i => (byte)((i * 31) % 256))], file: "events.parquet"),
            new("truncated parquet", "canonical", "truncated.parquet", null, MayRefuseSource: true) { Write = ParquetSources.Truncated },
            new("parquet path with glob characters", "canonical", "ev[1].parquet", null, MayRefuseSource: true) { Write = ParquetSources.GlobLookalike },
            new("parquet with nul and newline in ids", "canonical", "ids.parquet", null, MayRefuseSource: false)
            {
                Write = folder => ParquetSources.Write(
                    Path.Combine(folder, "ids.parquet"), Header + GoodLines(0, 80),
                    "SELECT 'u2' || chr(0) || 'evil', 'i1', 'c1', 'view', '2026-10-03T01:00:00Z', NULL UNION ALL SELECT 'u' || chr(10) || 'split', 'i1', 'c1', 'view', '2026-10-03T01:00:00Z', NULL"),
            },
            Whole("taobao with bad lines", HostileCase.Utf8("1,2,3,pv,1507000000\n1,2,3,pv\n\0,2,3,buy,1507000001\n2,3,4,fav,99999999999\n"), format: "taobao", file: "UserBehavior.csv"),
            Whole("movielens with bad rating", HostileCase.Utf8("userId,movieId,rating,timestamp\n1,2,4.5,1500000000\n1,3,NaN,1500000001\n1,4,,1500000002\n"), format: "movielens", file: "ratings.csv"),
        ];
        return cases;
    }
}
