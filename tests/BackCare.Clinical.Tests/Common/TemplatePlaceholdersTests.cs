using System.Text.RegularExpressions;
using BackCare.Clinical.Common;
using CsCheck;

namespace BackCare.Clinical.Tests.Common;

/// <summary>
/// The placeholder scan replaced the regular expressions <c>\{([A-Za-z]+)\}</c> (safety and progress messages) and
/// <c>\{([A-Za-z0-9]+)\}</c> (plan reasons): it must find exactly what they found, in the same order, on any text.
/// </summary>
public sealed class TemplatePlaceholdersTests
{
    private static readonly Regex Letters = new(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant);
    private static readonly Regex LettersAndDigits = new(@"\{([A-Za-z0-9]+)\}", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("Call {emergencyNumber} now.", "Call <emergencyNumber> now.")]
    [InlineData("{a}{b}", "<a><b>")]
    [InlineData("{{a}}", "{<a>}")]
    [InlineData("{a{b}}", "{a<b>}")]
    [InlineData("{} {1} { a} {a } {a", "{} {1} { a} {a } {a")]
    [InlineData("no braces", "no braces")]
    [InlineData("}{x}{", "}<x>{")]
    [InlineData("{é}", "{é}")]
    public void Fills_each_placeholder_and_leaves_other_braces(string template, string expected) =>
        TemplatePlaceholders.Fill(template, name => $"<{name}>").ShouldBe(expected);

    [Fact]
    public void Digits_count_only_where_the_template_kind_allows_them()
    {
        TemplatePlaceholders.Fill("{week2} {x}", n => "#", digits: false).ShouldBe("{week2} #");
        TemplatePlaceholders.Fill("{week2} {x}", n => "#", digits: true).ShouldBe("# #");
        TemplatePlaceholders.Used("{b}{a}{b}{2}", digits: true).ShouldBe(["b", "a", "b", "2"]);
    }

    [Fact]
    public void Agrees_with_the_regular_expressions_it_replaced_on_any_text()
    {
        // Text made mostly of the characters that matter: braces, letters, digits, a space, a non-ASCII letter and the
        // ASCII neighbours of the letter and digit ranges (so an off-by-one range would show).
        const string alphabet = "{}aZ7 é{}@[`{/:AzZa09";
        var text = Gen.Int[0, alphabet.Length - 1].Select(i => alphabet[i]).Array[0, 40].Select(c => new string(c));
        text.Sample(template =>
        {
            foreach (var (regex, digits) in new[] { (Letters, false), (LettersAndDigits, true) })
            {
                TemplatePlaceholders.Fill(template, n => $"[{n.Length}:{n}]", digits)
                    .ShouldBe(regex.Replace(template, m => $"[{m.Groups[1].Value.Length}:{m.Groups[1].Value}]"), template);
                TemplatePlaceholders.Used(template, digits).ShouldBe(regex.Matches(template).Select(m => m.Groups[1].Value), template);
            }
        }, iter: 20_000);
    }
}
