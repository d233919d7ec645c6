using System.Collections.Immutable;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// Splits text into sentences with their positions. A sentence ends at '.', '!' or '?' followed by a space and a
/// capital letter, digit, quote or bullet (common abbreviations such as "e.g." and "Dr." do not end one), or at a line
/// break (headings, list items and table rows stand alone). Bullet marks at the start of a line are left out.
/// </summary>
public static class SentenceSplitter
{
    private static readonly string[] Abbreviations = ["e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "etc", "approx", "no", "fig", "st", "prof", "inc"];

    public static ImmutableArray<ArticleSentence> Split(string text)
    {
        var sentences = ImmutableArray.CreateBuilder<ArticleSentence>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Add(text, start, i, sentences);
                start = i + 1;
            }
            else if (c is '.' or '!' or '?' && EndsSentence(text, i))
            {
                Add(text, start, i + 1, sentences);
                start = i + 1;
            }
        }

        Add(text, start, text.Length, sentences);
        return sentences.ToImmutable();
    }

    private static bool EndsSentence(string text, int i)
    {
        var next = i + 1;
        while (next < text.Length && text[next] is '"' or '\'' or ')' or '”' or '’') next++;
        if (next >= text.Length) return true;
        if (text[next] is not (' ' or '\t')) return false;
        while (next < text.Length && text[next] is ' ' or '\t') next++;
        if (next >= text.Length || text[next] is '\n' or '\r') return true;
        var after = text[next];
        if (!(char.IsUpper(after) || char.IsDigit(after) || after is '"' or '“' or '‘' or '(' or '-' or '•' or '*')) return false;
        if (text[i] != '.') return true;

        // "e.g. Ibuprofen" and "Dr. Smith" do not end a sentence.
        var wordStart = i;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text[wordStart..i].ToLowerInvariant();
        return !Abbreviations.Contains(word) && !(word.Length == 1 && char.IsUpper(text[wordStart]));
    }

    private static void Add(string text, int start, int end, ImmutableArray<ArticleSentence>.Builder sentences)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] is '-' or '*' or '•' or '#' or '>' or '|')) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end - start < 3) return;
        sentences.Add(new ArticleSentence(text[start..end], start, end));
    }
}
