using System.Collections.Immutable;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>A lower-case word of a sentence and its position in the sentence.</summary>
public readonly record struct ClaimToken(string Text, int Start, int End);

/// <summary>Words of a sentence: letters and digits, with inner hyphens and apostrophes kept ("x-ray", "doesn't").</summary>
public static class ClaimTokens
{
    public static ImmutableArray<ClaimToken> Of(string text)
    {
        var tokens = ImmutableArray.CreateBuilder<ClaimToken>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (IsJoiner(text[i]) && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))))
            {
                i++;
            }

            tokens.Add(new ClaimToken(text[start..i].ToLowerInvariant().Replace('’', '\''), start, i));
        }

        return tokens.ToImmutable();
    }

    /// <summary>A phrase as the lexicon keys it: its words joined by single spaces.</summary>
    public static string Key(string phrase) => string.Join(' ', Of(phrase).Select(t => t.Text));

    private static bool IsJoiner(char c) => c is '-' or '\'' or '’';
}
