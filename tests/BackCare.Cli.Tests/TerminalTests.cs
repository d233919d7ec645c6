namespace BackCare.Cli.Tests;

/// <summary>The CLI's human output: its small markup and its tables.</summary>
public sealed class TerminalTests
{
    [Fact]
    public void Markup_is_plain_text_when_redirected_and_colour_codes_on_a_terminal()
    {
        const string markup = "[bold white on red] EMERGENCY [/] then [grey]quiet[/] and [[literal]]";
        Terminal.Render(markup, ansi: false).ShouldBe(" EMERGENCY  then quiet and [literal]");
        var coloured = Terminal.Render(markup, ansi: true);
        coloured.ShouldStartWith("\e[1;37;41m EMERGENCY \e[0m");
        coloured.ShouldContain("\e[90mquiet\e[0m");
        coloured.ShouldEndWith("[literal]");
    }

    [Fact]
    public void Escaped_text_is_shown_exactly_whatever_brackets_it_holds()
    {
        const string text = "x [bold] y ]] [/] [";
        Terminal.Render(Terminal.Escape(text), ansi: false).ShouldBe(text);
        Terminal.Render("[bold]" + Terminal.Escape(text) + "[/]", ansi: true).ShouldBe("\e[1m" + text + "\e[0m");
    }

    [Theory]
    [InlineData("[bold]never closed")]
    [InlineData("closed [/] twice")]
    [InlineData("[sparkly]unknown[/]")]
    public void Broken_markup_is_a_programming_error_not_silent_output(string markup) =>
        Should.Throw<FormatException>(() => Terminal.Render(markup, ansi: true));

    [Theory]
    [InlineData(80)]
    [InlineData(50)]
    [InlineData(120)]
    public void A_table_fits_the_width_and_keeps_every_word(int width)
    {
        var table = new TextTable("urgency", "finding", "why")
            .AddRow("emergency", "Saddle numbness", string.Join(' ', Enumerable.Repeat("pressure on the nerves at the bottom of the spine", 4)))
            .AddRow("urgent", "Fever with back pain", "An infection of the spine needs tests today.");
        var lines = table.Lines(width).ToList();
        lines.ShouldAllBe(l => l.Length <= width);
        lines.Select(l => l.Length).Distinct().Count().ShouldBe(1);
        lines[0].ShouldStartWith("┌");
        lines[^1].ShouldStartWith("└");
        var cells = string.Join(' ', lines.Select(l => l.Replace("│", " ", StringComparison.Ordinal)));
        foreach (var word in "emergency Saddle numbness pressure bottom spine urgent Fever infection today.".Split(' ')) cells.ShouldContain(word);
    }

    [Fact]
    public void A_word_longer_than_its_column_is_broken_not_lost()
    {
        TextTable.Wrap("a supercalifragilistic word", 8).ShouldBe(["a", "supercal", "ifragili", "stic", "word"]);
        TextTable.Wrap("", 8).ShouldBe([""]);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused() =>
        Should.Throw<ArgumentException>(() => new TextTable("a", "b").AddRow("only one"));
}
