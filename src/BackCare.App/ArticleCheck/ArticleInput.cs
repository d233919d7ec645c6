using System.Text.RegularExpressions;
using BackCare.Clinical.Common;
using Markdig;

namespace BackCare.App.ArticleCheck;

/// <summary>The text an article check reads, and the title it found.</summary>
public sealed record ArticleText(string Title, string Text, string Format);

/// <summary>
/// Turns what a person pasted or uploaded into plain text: HTML is reduced to the article's main text with SmartReader
/// (a port of Mozilla Readability: scripts, styles, navigation, sidebars and comments dropped), Markdown is rendered
/// to plain text with Markdig, and anything else is read as plain text. Nothing is fetched: the text given is all
/// there is (a URL option would need an allow-list and private-range blocking, issue 18).
/// </summary>
public static partial class ArticleInput
{
    /// <summary>The largest article accepted, in characters (about 200 KB of text).</summary>
    public const int MaxCharacters = 200_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static Parsed Read(string? input, string? fileName = null)
    {
        if (string.IsNullOrWhiteSpace(input)) return new(null, ValidationError.Required("text", "is empty: paste an article or choose a file"));
        if (input.Length > MaxCharacters)
        {
            return new(null, ValidationError.OutOfRange("text", $"is {input.Length:N0} characters; the limit is {MaxCharacters:N0} (about 200 KB of text)"));
        }

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension is ".html" or ".htm" || (extension.Length == 0 && LooksLikeHtml(input))) return new(Html(input), null);
        if (extension is ".md" or ".markdown" || (extension.Length == 0 && LooksLikeMarkdown(input))) return new(Markdown(input), null);
        return new(new ArticleText(BackCare.Clinical.ArticleCheck.ArticleChecker.TitleOf(input), input, "text"), null);
    }

    public readonly record struct Parsed(ArticleText? Article, ValidationError? Error);

    private static ArticleText Html(string html)
    {
        // Scripts and styles go first whatever SmartReader decides; the base address is a placeholder, never fetched.
        var cleaned = ScriptsAndStyles().Replace(html, " ");
        var article = SmartReader.Reader.ParseArticle("https://article.invalid/", cleaned);
        var text = article.IsReadable && !string.IsNullOrWhiteSpace(article.TextContent) ? article.TextContent : Tags().Replace(cleaned, "\n");
        text = System.Net.WebUtility.HtmlDecode(text);
        var title = string.IsNullOrWhiteSpace(article.Title) ? BackCare.Clinical.ArticleCheck.ArticleChecker.TitleOf(text) : article.Title.Trim();
        return new ArticleText(title, Lines(text), "html");
    }

    private static ArticleText Markdown(string markdown)
    {
        var text = Markdig.Markdown.ToPlainText(markdown, Pipeline);
        return new ArticleText(BackCare.Clinical.ArticleCheck.ArticleChecker.TitleOf(markdown), Lines(text), "markdown");
    }

    /// <summary>Blank runs collapsed so positions stay readable; each line kept (headings and list items stand alone).</summary>
    private static string Lines(string text) => BlankLines().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "\n\n").Trim();

    private static bool LooksLikeHtml(string text) => HtmlStart().IsMatch(text);

    private static bool LooksLikeMarkdown(string text) => MarkdownMarks().IsMatch(text);

    [GeneratedRegex(@"<(script|style|noscript|nav|header|footer|aside|form)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*)+", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlStart();

    [GeneratedRegex(@"(^|\n)(#{1,6} |\* |- |\d+\. |> )|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownMarks();
}
