using System.Globalization;
using System.Text;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ingest;

/// <summary>The one-scan MovieLens line parser of `evaluate mf` against the general one (ingest's).</summary>
[TestClass]
public sealed class MovieLensSimpleLineTests
{
    private static readonly string[] Pieces =
    [
        "1", "7", "42", "196", "00", "0", "05", "123456789", "12345678901", "123456789012", "1234567890123", "99999999999999999999",
        "3.5", "4.", ".5", "0.1", "2.25", "1.000000000000001", "123456789012.345", "1234567890123456", "-1", "+1", "1e3", "NaN", "",
        " ", " 3", "3 ", "\t", ":", "::", ",", ".", "a", "u7", "\r", "\"", "x",
    ];

    private static MovieLensFormat Format(string name, string? header = null)
    {
        var format = (MovieLensFormat)MovieLensFormat.ForFile(name, []).Invoke();
        if (header is not null)
        {
            format.ReadHeader(Encoding.UTF8.GetBytes(header), name);
        }

        return format;
    }

    private static void AssertAgrees(MovieLensFormat format, string text)
    {
        var line = Encoding.UTF8.GetBytes(text);
        if (!format.TryParseSimple(line, out var user, out var item, out var ts, out var rating))
        {
            return;
        }

        Assert.IsNull(format.TryParseFields(line, out var u, out var i, out var t, out var r), text);
        Assert.AreEqual(Encoding.UTF8.GetString(u), Encoding.UTF8.GetString(user), text);
        Assert.AreEqual(Encoding.UTF8.GetString(i), Encoding.UTF8.GetString(item), text);
        Assert.AreEqual(t, ts, text);
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(r), BitConverter.DoubleToInt64Bits(rating), text);
    }

    [TestMethod]
    [DataRow("u.data", "\t", null)]
    [DataRow("ratings.dat", "::", null)]
    [DataRow("ratings.csv", ",", "userId,movieId,rating,timestamp")]
    [DataRow("ratings.csv", ",", "timestamp,movieId,userId,rating")]
    public void TryParseSimple_RandomLines_TakesOnlyWhatTheGeneralParserAcceptsAlike(string name, string separator, string? header)
    {
        var format = Format(name, header);
        var random = new Random(name.Length + (header?.Length ?? 0));
        var taken = 0;
        const int Lines = 40_000;
        for (var n = 0; n < Lines; n++)
        {
            var fields = random.Next(3, 6);
            var text = new StringBuilder();
            for (var f = 0; f < fields; f++)
            {
                if (f > 0)
                {
                    text.Append(random.Next(12) == 0 ? Pieces[random.Next(Pieces.Length)] : separator);
                }

                text.Append(random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : random.Next(0, 2_000_000_000).ToString(CultureInfo.InvariantCulture));
                if (random.Next(10) == 0)
                {
                    text.Append(Pieces[random.Next(Pieces.Length)]);
                }
            }

            AssertAgrees(format, text.ToString());
            var simple = format.TryParseSimple(Encoding.UTF8.GetBytes(text.ToString()), out _, out _, out _, out _);
            taken += simple ? 1 : 0;
        }

        // The draws must give both kinds of line, or the comparison above proves little.
        Assert.IsTrue(taken > Lines / 50 && taken < Lines / 2, $"{taken} of {Lines} lines taken");
    }

    [TestMethod]
    [DataRow("196\t242\t3\t881250949", "196", "242", 881250949000L, 3.0)]
    [DataRow("1\t2\t0.1\t0", "1", "2", 0L, 0.1)]
    [DataRow("1\t2\t123456789012.345\t999999999999", "1", "2", 999999999999000L, 123456789012.345)]
    [DataRow("12345678901234567890\t007\t4.5\t1", "12345678901234567890", "007", 1000L, 4.5)]
    public void TryParseSimple_UsualLines_ParsedAsTheGeneralParserDoes(string text, string user, string item, long ts, double rating)
    {
        var format = Format("u.data");

        Assert.IsTrue(format.TryParseSimple(Encoding.UTF8.GetBytes(text), out var u, out var i, out var t, out var r));
        Assert.AreEqual(user, Encoding.UTF8.GetString(u));
        Assert.AreEqual(item, Encoding.UTF8.GetString(i));
        Assert.AreEqual(ts, t);
        Assert.AreEqual(rating, r);
        AssertAgrees(format, text);
    }

    [TestMethod]
    [DataRow("1\t2\t3\t4\t5")]
    [DataRow("1\t2\t3")]
    [DataRow(" 1\t2\t3\t4")]
    [DataRow("1\t2 \t3\t4")]
    [DataRow("1\t2\t3.\t4")]
    [DataRow("1\t2\t.5\t4")]
    [DataRow("1\t2\t-3\t4")]
    [DataRow("1\t2\t1e3\t4")]
    [DataRow("1\t2\t1234567890123456\t4")]
    [DataRow("1\t2\t3\t1234567890123")]
    [DataRow("1\t2\t3\t4\r")]
    [DataRow("u1\t2\t3\t4")]
    [DataRow("1\t\t3\t4")]
    public void TryParseSimple_OtherLines_LeftToTheGeneralParser(string text)
    {
        Assert.IsFalse(Format("u.data").TryParseSimple(Encoding.UTF8.GetBytes(text), out _, out _, out _, out _));
    }

    [TestMethod]
    [DataRow("1::2::3::4", true)]
    [DataRow("1:2::3::4::5", false)]
    [DataRow("1:::2::3::4", false)]
    [DataRow("1::2::3:4", false)]
    public void TryParseSimple_DatLayout_NeedsBothSeparatorBytes(string text, bool taken)
    {
        var format = Format("ratings.dat");

        Assert.AreEqual(taken, format.TryParseSimple(Encoding.UTF8.GetBytes(text), out _, out _, out _, out _));
        AssertAgrees(format, text);
    }
}
