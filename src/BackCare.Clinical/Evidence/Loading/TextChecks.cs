using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>
/// Safety checks on every piece of text: BackCare never gives doses or dosing instructions, and
/// an unconfirmed statement must say that it is unconfirmed.
/// </summary>
internal sealed partial class TextChecks
{
    /// <summary>Evidence statements read so far, checked against their sources' confirmation once all sources are known.</summary>
    public List<(string File, int Line, int Column, Confirmation Status, ImmutableArray<string> Sources)> EvidenceStatements { get; } = [];

    /// <summary>Words one of which an unverified statement must contain.</summary>
    public static readonly string[] UncertaintyWords =
        ["not confirmed", "uncertain", "unclear", "not known", "no source", "not found", "not reviewed", "could not be confirmed"];

    public void Check(YamlReader reader, YamlNode node, string text, Confirmation status)
    {
        var dose = FindDosing(text);
        if (dose is not null)
        {
            reader.Problem(node, $"text contains a dose or dosing instruction ('{dose}'); BackCare never gives doses");
        }

        if (status == Confirmation.Unverified &&
            !UncertaintyWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            reader.Problem(node, $"an unverified statement must say so (use one of: {string.Join(", ", UncertaintyWords)})");
        }
    }

    /// <summary>The first dose-like fragment in the text, or null.</summary>
    public static string? FindDosing(string text)
    {
        foreach (var pattern in new[] { DoseAmount(), TakeAmount(), Frequency() })
        {
            var match = pattern.Match(text);
            if (match.Success) return match.Value;
        }

        return null;
    }

    /// <summary>An instruction to start, stop or change a medicine, unless negated ("do not stop ...").</summary>
    public static string? FindMedicineInstruction(string text)
    {
        var match = MedicineInstruction().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"(?<!\b(?:not|never|n't)\s+)\b(?:stop|start|begin|quit|increase|decrease|reduce|double|halve|change|switch|skip)\s+(?:taking|using|your|the|it|this|that)\b|\btake\s+(?:more|less|an extra|extra)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MedicineInstruction();

    [GeneratedRegex(@"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|micrograms?|milligrams?|g|grams?|ml|units?|iu)\b(?:\s*/\s*(?:day|kg))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAmount();

    [GeneratedRegex(@"\b(?:take|taking|give|giving|use|using)\s+(?:\d+|one|two|three|four|half)\s+(?:tablets?|capsules?|pills?|puffs?|doses?|drops?|sachets?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TakeAmount();

    [GeneratedRegex(@"\b(?:once|twice|three times|four times|\d+\s+times)\s+(?:a|per|each)\s+day\b|\bevery\s+\d+\s+hours?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Frequency();
}
