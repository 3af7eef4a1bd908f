using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace RecsysBatch.Reports;

/// <summary>
/// The HTML of one report: sections with figures (SVG charts embedded as base64 <c>data:</c> images, so their ids
/// and styles cannot clash and the page needs no network), short tables, one-line notes. Every text goes through
/// <see cref="HtmlEncoder"/>; there is no script and no external URL.
/// </summary>
internal sealed class ReportDocument
{
    // Every letter as itself (→, é), only the characters that are markup escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _sections = [];
    private readonly List<string> _figures = [];

    /// <summary>The ids of the figures, in order.</summary>
    public IReadOnlyList<string> FigureIds => _figures;

    public void Section(string id, string title)
    {
        _sections.Add((id, title));
        _body.Append(CultureInfo.InvariantCulture, $"<section id=\"{Attr(id)}\">\n<h2>{Text(title)}</h2>\n");
    }

    public void EndSection() => _body.Append("</section>\n");

    public void Paragraph(string text) => _body.Append(CultureInfo.InvariantCulture, $"<p>{Text(text)}</p>\n");

    /// <summary>A part of the report that does not apply to this run (stage skipped, table missing): one line, no empty chart.</summary>
    public void NotApplicable(string text) => _body.Append(CultureInfo.InvariantCulture, $"<p class=\"na\">{Text(text)}</p>\n");

    /// <summary>A chart: the SVG of ScottPlot as an image, with its caption (which gives the sample sizes).</summary>
    public void Figure(string id, ChartSvg chart, string caption)
    {
        ArgumentNullException.ThrowIfNull(chart);
        _figures.Add(id);
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(chart.Svg));
        _body.Append(CultureInfo.InvariantCulture,
            $"<figure id=\"{Attr(id)}\">\n<img alt=\"{Attr(caption)}\" width=\"{chart.Width}\" height=\"{chart.Height}\" src=\"data:image/svg+xml;base64,{data}\">\n<figcaption>{Text(caption)}</figcaption>\n</figure>\n");
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        _body.Append("<table>\n<tr>");
        foreach (var h in headers)
        {
            _body.Append(CultureInfo.InvariantCulture, $"<th>{Text(h)}</th>");
        }

        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append(CultureInfo.InvariantCulture, $"<td>{Text(cell)}</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</table>\n");
    }

    public void List(IEnumerable<string> items, string cssClass = "")
    {
        ArgumentNullException.ThrowIfNull(items);
        _body.Append(cssClass.Length == 0 ? "<ul>\n" : $"<ul class=\"{Attr(cssClass)}\">\n");
        foreach (var item in items)
        {
            _body.Append(CultureInfo.InvariantCulture, $"<li>{Text(item)}</li>\n");
        }

        _body.Append("</ul>\n");
    }

    /// <summary>The whole page: title, table of contents, the sections.</summary>
    public string Render(string title, string subtitle)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append(CultureInfo.InvariantCulture, $"<title>{Text(title)}</title>\n");
        page.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        page.Append(CultureInfo.InvariantCulture, $"<h1>{Text(title)}</h1>\n<p class=\"sub\">{Text(subtitle)}</p>\n<nav><ul>\n");
        foreach (var (id, sectionTitle) in _sections)
        {
            page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{Attr(id)}\">{Text(sectionTitle)}</a></li>\n");
        }

        page.Append("</ul></nav>\n").Append(_body).Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string Text(string text) => Html.Encode(text);

    private static string Attr(string text) => Html.Encode(text);

    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        h1 { margin-bottom: 0.2em; } .sub { color: #555; margin-top: 0; }
        section { border-top: 1px solid #ccc; margin-top: 2em; }
        figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #444; font-size: 0.9em; }
        table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; }
        .na { color: #777; font-style: italic; } .warnings li { color: #8a4b00; } .error { color: #a00; font-weight: bold; }
        nav ul { columns: 3; }

        """;
}
