using System.Globalization;
using System.Text;

namespace BackCare.App.Exports;

/// <summary>How much a block matters when everything does not fit on one page.</summary>
internal enum BlockPriority
{
    /// <summary>Always printed, first: emergency and crisis messages.</summary>
    Safety,

    /// <summary>Printed unless the page is full of safety text.</summary>
    Essential,

    /// <summary>Left out, last first, when the page would overflow; the page then says what was left out.</summary>
    Detail,
}

/// <summary>One paragraph of the summary.</summary>
internal sealed record PdfBlock(string Text, BlockPriority Priority, double Size = 10, bool Bold = false, double SpaceAfter = 3, bool Alert = false);

/// <summary>
/// Lays out paragraphs on one A4 page (<see cref="Type1PdfPage"/>), wrapping by the real widths
/// of the standard Helvetica fonts. Nothing is cut silently: when the page would overflow, detail blocks
/// are left out from the end and a closing line says how many and where to find them.
/// </summary>
internal static class OnePagePdf
{
    private const double Margin = 48;
    private const double LineHeight = 1.3;

    public static byte[] Render(string title, IReadOnlyList<PdfBlock> blocks, string omittedNote)
    {
        var page = new Type1PdfPage();
        const double width = Type1PdfPage.Width - (2 * Margin);
        static double Height(PdfBlock b, int lines) => (lines * b.Size * LineHeight) + b.SpaceAfter;
        List<string> Lines(string text, PdfBlock b) => Wrap(Type1PdfPage.Printable(text), b.Size, b.Bold, width);

        var kept = blocks.Select(b => (Block: b, Lines: Lines(b.Text, b))).ToList();
        var note = new PdfBlock(omittedNote, BlockPriority.Safety, 9);
        var noteHeight = Height(note, Lines(string.Format(CultureInfo.InvariantCulture, omittedNote, 999), note).Count);
        var used = kept.Sum(l => Height(l.Block, l.Lines.Count));
        var omitted = 0;
        while (used + (omitted > 0 ? noteHeight : 0) > Type1PdfPage.Height - (2 * Margin))
        {
            var drop = kept.FindLastIndex(l => l.Block.Priority == BlockPriority.Detail);
            if (drop < 0) drop = kept.FindLastIndex(l => l.Block.Priority == BlockPriority.Essential);
            if (drop < 0) break;
            used -= Height(kept[drop].Block, kept[drop].Lines.Count);
            kept.RemoveAt(drop);
            omitted++;
        }

        if (omitted > 0)
        {
            var text = string.Format(CultureInfo.InvariantCulture, omittedNote, omitted);
            kept.Add((note with { Text = text }, Lines(text, note)));
        }

        var y = Type1PdfPage.Height - Margin;
        foreach (var (block, lines) in kept)
        {
            if (block.Alert)
            {
                var height = Height(block, lines.Count);
                page.Colour(140, 0, 0);
                page.Rectangle(Margin - 6, y - height + (block.Size * 0.2), width + 12, height, 1.5);
            }

            foreach (var line in lines)
            {
                if (y - block.Size < Margin) break; // only safety text alone can reach here; it is printed as far as it goes
                y -= block.Size;
                page.Text(line, block.Size, block.Bold, Margin, y);
                y -= block.Size * (LineHeight - 1);
            }

            if (block.Alert) page.Colour(0, 0, 0);
            y -= block.SpaceAfter;
        }

        return page.ToBytes(Type1PdfPage.Printable(title));
    }

    private static List<string> Wrap(string text, double size, bool bold, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && Type1PdfPage.Measure(candidate, size, bold) > width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }
}
