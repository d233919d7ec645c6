using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>
/// The progress engine's messages (data/care-plan.yaml, <c>progressSettings.messages</c>): which codes
/// exist and which <c>{placeholders}</c> each may use. The loader checks the data against this list, and
/// the engine fills the placeholders from computed figures and settings, so no sentence restates a number.
/// </summary>
public static class ProgressMessages
{
    private static readonly string[] PainChange = ["baseline", "current", "change", "changePercent", "threshold", "mcidPoints", "mcidPercent"];
    private static readonly string[] Course = ["course", "weeks", "expected", "expectedHigh"];
    private static readonly string[] Rmdq = ["rmdqBaseline", "rmdqCurrent", "rmdqChange", "rmdqThreshold", "rmdqMcidPoints", "rmdqMcidPercent"];
    private static readonly string[] Peg = ["pegBaseline", "pegCurrent", "pegChange", "pegMidPoints"];

    /// <summary>Every message code and the placeholders it may use.</summary>
    public static readonly FrozenDictionary<string, ImmutableArray<string>> Placeholders = new Dictionary<string, ImmutableArray<string>>
    {
        ["no_entries"] = [],
        ["insufficient_data"] = ["days", "neededDays"],
        ["important_improvement"] = [.. PainChange],
        ["important_worsening"] = [.. PainChange],
        ["no_important_change"] = [.. PainChange],
        ["within_expected"] = [.. Course],
        ["slower_than_expected"] = [.. Course],
        ["improving_slower_than_expected"] = [.. Course],
        ["no_improvement_by_review_point"] = ["weeks", "reviewAfterWeeks"],
        ["worsening"] = [],
        ["gap"] = ["gapDays"],
        ["percent_unavailable"] = [],
        ["function_improved"] = [.. Rmdq],
        ["function_worsened"] = [.. Rmdq],
        ["peg_improved"] = [.. Peg],
        ["peg_worsened"] = [.. Peg],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The placeholder names used in a template, in order.</summary>
    public static IEnumerable<string> Used(string template) => TemplatePlaceholders.Used(template);

    /// <summary>The message with its placeholders filled; a missing value is a programming error.</summary>
    public static ProgressReason Fill(ImmutableDictionary<string, Statement> messages, string code, IReadOnlyDictionary<string, string> values)
    {
        if (!messages.TryGetValue(code, out var statement)) throw new InvalidOperationException($"data/care-plan.yaml has no progress message '{code}'");
        var text = TemplatePlaceholders.Fill(statement.Text, name => values.TryGetValue(name, out var v)
            ? v
            : throw new InvalidOperationException($"progress message '{code}' uses {{{name}}}, which the engine did not supply"));
        return new ProgressReason(code, text, statement.Sources);
    }
}
