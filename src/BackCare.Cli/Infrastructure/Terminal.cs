using System.Globalization;
using System.Text;

namespace BackCare.Cli;

/// <summary>
/// Human output of a command: lines with a little emphasis (a small markup: <c>[bold]</c>, <c>[grey]</c>,
/// <c>[bold white on red]</c> ... <c>[/]</c>; <c>[[</c> and <c>]]</c> for brackets) and boxed tables whose cells wrap
/// to the terminal's width. Colour codes only on an interactive terminal; redirected output is plain text, 80 columns.
/// Written for start-up time: Spectre.Console, which this replaces, compiled about a hundred methods (~0.1 s of CPU)
/// on every run for one table (ADR 0010).
/// </summary>
public sealed class Terminal(TextWriter writer, bool ansi, int width)
{
    public const int RedirectedWidth = 80;

    /// <summary>Bound to the command's own output stream, with colour only when it is the real, unredirected console.</summary>
    public static Terminal For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var width = RedirectedWidth;
        if (interactive)
        {
            try
            {
                width = Math.Max(40, Console.WindowWidth);
            }
            catch (IOException)
            {
            }
        }

        return new Terminal(writer, interactive && Environment.GetEnvironmentVariable("NO_COLOR") is null, width);
    }

    /// <summary>Text shown as it is inside markup (brackets doubled).</summary>
    public static string Escape(string text) => text.Replace("[", "[[", StringComparison.Ordinal).Replace("]", "]]", StringComparison.Ordinal);

    public void WriteLine() => writer.WriteLine();

    public void WriteLine(string text) => writer.WriteLine(text);

    public void MarkupLine(string markup) => writer.WriteLine(Render(markup, ansi));

    /// <summary>A table with a header row, boxed; cells wrap at spaces to fit the width.</summary>
    public void Write(TextTable table)
    {
        foreach (var line in table.Lines(width)) writer.WriteLine(line);
    }

    /// <summary>The markup as plain text, or with ANSI colour codes.</summary>
    public static string Render(string markup, bool ansi)
    {
        var text = new StringBuilder(markup.Length);
        var styles = new Stack<string>();
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if ((c == '[' || c == ']') && i + 1 < markup.Length && markup[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }

            if (c != '[')
            {
                text.Append(c);
                continue;
            }

            var end = markup.IndexOf(']', i + 1);
            if (end < 0) throw new FormatException($"unclosed markup tag in: {markup}");
            var tag = markup[(i + 1)..end];
            i = end;
            if (tag == "/")
            {
                if (styles.Count == 0) throw new FormatException($"unbalanced [/] in: {markup}");
                styles.Pop();
                if (ansi) text.Append("\e[0m").Append(string.Concat(styles.Reverse().Select(Sgr)));
            }
            else
            {
                styles.Push(tag);
                if (ansi) text.Append(Sgr(tag));
            }
        }

        if (styles.Count > 0) throw new FormatException($"unclosed style in: {markup}");
        return text.ToString();
    }

    /// <summary>The escape sequence for a style such as "bold", "grey", "bold black on yellow".</summary>
    private static string Sgr(string style)
    {
        var codes = new List<string>();
        var background = false;
        foreach (var word in style.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "on")
            {
                background = true;
                continue;
            }

            var code = word switch
            {
                "bold" => 1,
                "italic" => 3,
                "underline" => 4,
                "grey" => background ? 100 : 90,
                _ => Colour(word) is { } colour ? (background ? 40 : 30) + colour : throw new FormatException($"unknown style '{word}'"),
            };
            codes.Add(code.ToString(CultureInfo.InvariantCulture));
        }

        return "\e[" + string.Join(';', codes) + "m";
    }

    private static int? Colour(string name) => name switch
    {
        "black" => 0,
        "red" => 1,
        "green" => 2,
        "yellow" => 3,
        "blue" => 4,
        "white" => 7,
        _ => null,
    };
}

/// <summary>Rows of plain text under a header; <see cref="Terminal.Write"/> draws it.</summary>
public sealed class TextTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;

    public TextTable AddRow(params string[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"a row needs {Columns.Count} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>The table drawn with box characters within <paramref name="width"/> columns (wider only if a word cannot be broken).</summary>
    public IEnumerable<string> Lines(int width)
    {
        var n = Columns.Count;
        var natural = new int[n];
        var longestWord = new int[n];
        foreach (var row in _rows.Prepend([.. Columns]))
        {
            for (var c = 0; c < n; c++)
            {
                var cell = Clean(row[c]);
                natural[c] = Math.Max(natural[c], cell.Length);
                foreach (var word in cell.Split(' ')) longestWord[c] = Math.Max(longestWord[c], Math.Min(word.Length, 20));
            }
        }

        var widths = Fit(natural, longestWord, width - (3 * n) - 1);
        var lines = new List<string> { Border('┌', '┬', '┐', widths) };
        lines.AddRange(Row([.. Columns], widths));
        lines.Add(Border('├', '┼', '┤', widths));
        foreach (var row in _rows) lines.AddRange(Row(row, widths));
        lines.Add(Border('└', '┴', '┘', widths));
        return lines;
    }

    /// <summary>Column widths: natural when they fit, else shared in proportion to each column's natural width.</summary>
    private static int[] Fit(int[] natural, int[] minimum, int available)
    {
        var widths = natural.Select(w => Math.Max(1, w)).ToArray();
        var total = widths.Sum();
        if (total <= available) return widths;
        var floor = widths.Select((w, c) => Math.Clamp(minimum[c], 1, w)).ToArray();
        for (var c = 0; c < widths.Length; c++) widths[c] = Math.Clamp(natural[c] * available / total, floor[c], widths[c]);
        while (widths.Sum() > available && Pick(c => widths[c] - floor[c]) is { } c) widths[c]--;
        while (widths.Sum() < available && Pick(c => natural[c] - widths[c]) is { } c) widths[c]++;
        return widths;

        int? Pick(Func<int, int> room)
        {
            int? best = null;
            for (var c = 0; c < widths.Length; c++)
            {
                if (room(c) > 0 && (best is null || room(c) > room(best.Value))) best = c;
            }

            return best;
        }
    }

    private static string Border(char left, char middle, char right, int[] widths) =>
        left + string.Join(middle, widths.Select(w => new string('─', w + 2))) + right;

    private static IEnumerable<string> Row(string[] cells, int[] widths)
    {
        var wrapped = cells.Select((cell, c) => Wrap(Clean(cell), widths[c])).ToArray();
        var height = wrapped.Max(w => w.Count);
        for (var line = 0; line < height; line++)
        {
            var text = new StringBuilder("│");
            for (var c = 0; c < cells.Length; c++)
            {
                var part = line < wrapped[c].Count ? wrapped[c][line] : "";
                text.Append(' ').Append(part.PadRight(widths[c])).Append(" │");
            }

            yield return text.ToString();
        }
    }

    /// <summary>Breaks text into lines of at most <paramref name="width"/> characters, at spaces where it can.</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > width)
            {
                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                lines.Add(rest[..width]);
                rest = rest[width..];
            }

            if (current.Length > 0 && current.Length + 1 + rest.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            if (current.Length > 0) current.Append(' ');
            current.Append(rest);
        }

        if (current.Length > 0 || lines.Count == 0) lines.Add(current.ToString());
        return lines;
    }

    private static string Clean(string cell) => cell.ReplaceLineEndings(" ");
}
