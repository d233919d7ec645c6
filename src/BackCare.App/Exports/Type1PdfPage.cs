using System.Globalization;
using System.Text;
using WinAnsiEncoding = UglyToad.PdfPig.Fonts.Encodings.WinAnsiEncoding;
using UglyToad.PdfPig.Fonts.Standard14Fonts;

namespace BackCare.App.Exports;

/// <summary>
/// Writes one A4 PDF 1.4 page with the standard Helvetica fonts in WinAnsi encoding (Windows-1252), so
/// accented Latin letters, typographic quotes and dashes print as themselves without embedding a font.
/// Text widths come from the fonts' Adobe metrics shipped with PdfPig. (PdfPig's own writer declares
/// StandardEncoding for these fonts, which has no accented letters: docs/adr/0007.)
/// </summary>
internal sealed class Type1PdfPage
{
    public const double Width = 595; // A4 in points
    public const double Height = 842;

    private static readonly Encoding WinAnsi = CreateWinAnsi();
    private static readonly double[] RegularWidths = Widths(Standard14Font.Helvetica);
    private static readonly double[] BoldWidths = Widths(Standard14Font.HelveticaBold);

    private readonly StringBuilder _content = new();

    /// <summary>
    /// The text as it will print: comparison signs become "&gt;=" and "&lt;=", line breaks and tabs spaces,
    /// other control characters and anything outside Windows-1252 '?'.
    /// </summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u2265': sb.Append(">="); break;
                case '\u2264': sb.Append("<="); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                default: sb.Append(char.IsControl(c) ? '?' : c); break;
            }
        }

        return WinAnsi.GetString(WinAnsi.GetBytes(sb.ToString()));
    }

    /// <summary>Width of the text in points.</summary>
    public static double Measure(string text, double size, bool bold)
    {
        var widths = bold ? BoldWidths : RegularWidths;
        var total = 0.0;
        foreach (var b in WinAnsi.GetBytes(text)) total += widths[b];
        return total * size / 1000;
    }

    public void Text(string text, double size, bool bold, double x, double y) =>
        _content.Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size:0.##} Tf {x:0.##} {y:0.##} Td ({Escape(text)}) Tj ET\n");

    public void Colour(byte red, byte green, byte blue) =>
        _content.Append(CultureInfo.InvariantCulture, $"{red / 255.0:0.###} {green / 255.0:0.###} {blue / 255.0:0.###} rg {red / 255.0:0.###} {green / 255.0:0.###} {blue / 255.0:0.###} RG\n");

    public void Rectangle(double x, double y, double width, double height, double lineWidth) =>
        _content.Append(CultureInfo.InvariantCulture, $"{lineWidth:0.##} w {x:0.##} {y:0.##} {width:0.##} {height:0.##} re S\n");

    public byte[] ToBytes(string title)
    {
        var stream = WinAnsi.GetBytes(_content.ToString());
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Width:0} {Height:0}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"),
            Join(Ascii($"<< /Length {stream.Length} >>\nstream\n"), stream, Ascii("endstream")),
            Join(Ascii("<< /Title ("), WinAnsi.GetBytes(Escape(title)), Ascii(") /Producer (BackCare) >>")),
        };
        using var output = new MemoryStream();
        output.Write(Ascii("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n"));
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Ascii($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write(Ascii("\nendobj\n"));
        }

        var xref = output.Position;
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info {objects.Count} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Ascii(table.ToString()));
        return output.ToArray();
    }

    private static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static Encoding CreateWinAnsi()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, new EncoderReplacementFallback("?"), new DecoderReplacementFallback("?"));
    }

    /// <summary>Advance widths (1/1000 em) for each WinAnsi code; codes without a glyph get the width of '?'.</summary>
    private static double[] Widths(Standard14Font font)
    {
        var metrics = Standard14.GetAdobeFontMetrics(font).CharacterMetrics;
        var fallback = metrics["question"].Width.X;
        var widths = new double[256];
        for (var code = 0; code < 256; code++)
        {
            widths[code] = WinAnsiEncoding.Instance.ContainsCode(code) && metrics.TryGetValue(WinAnsiEncoding.Instance.GetName(code), out var m)
                ? m.Width.X
                : fallback;
        }

        return widths;
    }
}
