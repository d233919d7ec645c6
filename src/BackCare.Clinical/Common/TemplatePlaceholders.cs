namespace BackCare.Clinical.Common;

/// <summary>
/// <c>{name}</c> placeholders in the evidence base's templates (plan reasons, progress and safety messages). A name is
/// one or more ASCII letters (and digits where the template kind allows them); anything else, a lone brace included,
/// is ordinary text. A plain scan rather than a regular expression: filling a template is on every plan's path, and a
/// command-line run would otherwise load the regex engine for it (docs/benchmarks.md, session 34).
/// </summary>
public static class TemplatePlaceholders
{
    /// <summary>The template with each placeholder replaced by <paramref name="value"/> of its name.</summary>
    public static string Fill(string template, Func<string, string> value, bool digits = false)
    {
        var at = template.IndexOf('{', StringComparison.Ordinal);
        if (at < 0) return template;
        var text = new System.Text.StringBuilder(template.Length + 32);
        var copied = 0;
        while (at >= 0)
        {
            var end = NameEnd(template, at, digits);
            if (end > 0)
            {
                text.Append(template, copied, at - copied).Append(value(template[(at + 1)..end]));
                copied = end + 1;
                at = template.IndexOf('{', copied);
            }
            else
            {
                at = template.IndexOf('{', at + 1);
            }
        }

        return text.Append(template, copied, template.Length - copied).ToString();
    }

    /// <summary>The placeholder names a template uses, in order (repeats included).</summary>
    public static IEnumerable<string> Used(string template, bool digits = false)
    {
        var at = template.IndexOf('{', StringComparison.Ordinal);
        while (at >= 0)
        {
            var end = NameEnd(template, at, digits);
            if (end > 0)
            {
                yield return template[(at + 1)..end];
                at = template.IndexOf('{', end + 1);
            }
            else
            {
                at = template.IndexOf('{', at + 1);
            }
        }
    }

    /// <summary>The index of the closing brace of a placeholder opening at <paramref name="open"/>, or -1.</summary>
    private static int NameEnd(string template, int open, bool digits)
    {
        var i = open + 1;
        while (i < template.Length && (char.IsAsciiLetter(template[i]) || (digits && char.IsAsciiDigit(template[i])))) i++;
        return i > open + 1 && i < template.Length && template[i] == '}' ? i : -1;
    }
}
