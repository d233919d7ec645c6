using System.Text.RegularExpressions;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// BackCare never shows a dose, even one quoted from an article: amounts with a unit ("10 mg", "2-10mg", "0.5 to 1
/// milligram", "5 ml") are replaced when a sentence is shown. Positions still point at the sentence in the article.
/// </summary>
public static partial class DoseMask
{
    public const string Replacement = "[dose not shown]";

    public static string Mask(string text) => Dose().Replace(text, Replacement);

    [GeneratedRegex(@"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*(?:mg|mcg|µg|micrograms?|milligrams?|grams?|g|ml|millilitres?|milliliters?|units?)\b(?:\s*(?:a|per|/)\s*(?:day|dose|kg))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dose();
}
