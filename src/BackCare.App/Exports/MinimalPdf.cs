using System.Globalization;
using System.Text;

namespace BackCare.App.Exports;

/// <summary>
/// A minimal single-page PDF 1.4 writer: text lines in the standard Helvetica fonts (no embedding, no
/// external fonts), WinAnsi encoding. Enough for a one-page summary; see docs/adr/0007 for why we do not
/// use PdfSharp 6.5 (it now requires choosing AGPL or a commercial licence).
/// </summary>
internal sealed class MinimalPdf
{
    private const double PageWidth = 595; // A4 in points
    private const double PageHeight = 842;
    private const double Margin = 50;
    private readonly StringBuilder _content = new();
    private double _y = PageHeight - Margin;

    public bool Full => _y < Margin + 20;

    /// <summary>Adds text, wrapped to the page width; silently stops at the bottom of the page.</summary>
    public void Text(string text, double size = 10, bool bold = false, double spaceAfter = 2)
    {
        var maxChars = (int)((PageWidth - (2 * Margin)) / (size * 0.5));
        foreach (var line in Wrap(text, maxChars))
        {
            if (Full) return;
            _content.Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size:0.#} Tf {Margin:0} {_y:0.##} Td ({Escape(line)}) Tj ET\n");
            _y -= size * 1.3;
        }

        _y -= spaceAfter;
    }

    public byte[] ToBytes(string title)
    {
        var encoding = Encoding.Latin1;
        var stream = _content.ToString();
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth:0} {PageHeight:0}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            $"<< /Length {encoding.GetByteCount(stream)} >>\nstream\n{stream}endstream",
            $"<< /Title ({Escape(title)}) /Producer (BackCare) >>",
        };
        using var output = new MemoryStream();
        void Write(string s) => output.Write(encoding.GetBytes(s));
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new long[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            offsets[i] = output.Position;
            Write(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n"));
        }

        var xref = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets) Write(string.Create(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n"));
        Write(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info {objects.Length} 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return output.ToArray();
    }

    /// <summary>PDF string escaping; characters outside Latin-1 become '?', typographic dashes and quotes plain ones.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var plain = c switch
            {
                '\u2013' or '\u2014' => '-',
                '\u2018' or '\u2019' => '\'',
                '\u201c' or '\u201d' => '"',
                '\u2265' => '>',
                '\u2264' => '<',
                _ => c,
            };
            if (plain is '(' or ')' or '\\') sb.Append('\\');
            sb.Append(plain > '\u00ff' ? '?' : plain);
        }

        return sb.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length + word.Length + 1 > width && line.Length > 0)
            {
                yield return line;
                line = "";
            }

            line = line.Length == 0 ? word : line + " " + word;
        }

        if (line.Length > 0) yield return line;
    }
}
