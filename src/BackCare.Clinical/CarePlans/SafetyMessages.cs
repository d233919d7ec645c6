using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>The numbers a deployment gives people to call, or the plain words used where none are configured.</summary>
public sealed record SafetyContactWords(string CrisisLine, string EmergencyNumber, string UrgentAdviceLine)
{
    /// <summary>The plain words (data/care-plan.yaml) used by the CLI and the engines, which know no deployment's numbers.</summary>
    public static SafetyContactWords Generic(IReadOnlyDictionary<string, Statement> messages) =>
        new(messages["generic_crisis_line"].Text, messages["generic_emergency_number"].Text, messages["generic_urgent_advice_line"].Text);
}

/// <summary>
/// Crisis, emergency and urgent wording (data/care-plan.yaml, <c>safetyMessages</c>): written once, used by the CLI,
/// the web pages, the PDF and the plan. The deployment's numbers are substituted at the edge with <see cref="Fill"/>.
/// </summary>
public static class SafetyMessages
{
    /// <summary>Every message code and the contact placeholders it may use.</summary>
    public static readonly FrozenDictionary<string, ImmutableArray<string>> Placeholders = new Dictionary<string, ImmutableArray<string>>
    {
        ["crisis_title"] = [],
        ["crisis"] = ["crisisLine", "emergencyNumber"],
        ["crisis_anytime"] = ["crisisLine", "emergencyNumber"],
        ["emergency_call"] = ["emergencyNumber"],
        ["urgent_call"] = ["urgentAdviceLine", "emergencyNumber"],
        ["generic_crisis_line"] = [],
        ["generic_emergency_number"] = [],
        ["generic_urgent_advice_line"] = [],
        ["article_medicines"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The message with the contacts filled in; <paramref name="wrap"/> lets a page mark up (and encode) each
    /// contact, while the rest of the text is returned as written (the caller encodes it for its medium).
    /// </summary>
    public static string Fill(EvidenceBase evidence, string code, SafetyContactWords contacts, Func<string, string>? wrap = null)
    {
        if (!evidence.SafetyMessages.TryGetValue(code, out var statement)) throw new InvalidOperationException($"data/care-plan.yaml has no safety message '{code}'");
        return Fill(statement.Text, contacts, wrap);
    }

    /// <summary>A template (for example one already encoded for HTML) with its contact placeholders filled.</summary>
    public static string Fill(string template, SafetyContactWords contacts, Func<string, string>? wrap = null)
    {
        wrap ??= s => s;
        return TemplatePlaceholders.Fill(template, name => name switch
        {
            "crisisLine" => wrap(contacts.CrisisLine),
            "emergencyNumber" => wrap(contacts.EmergencyNumber),
            "urgentAdviceLine" => wrap(contacts.UrgentAdviceLine),
            var other => throw new InvalidOperationException($"unknown safety placeholder {{{other}}}"),
        });
    }

    /// <summary>Placeholders used in a template, for the validator.</summary>
    public static IEnumerable<string> Used(string template) => TemplatePlaceholders.Used(template);
}
