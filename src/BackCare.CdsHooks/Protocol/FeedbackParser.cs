using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace BackCare.CdsHooks.Protocol;

/// <summary>One outcome of a feedback request (the clinician's free-text comment is not kept).</summary>
public sealed record FeedbackItem(string Card, string Outcome, string OutcomeTimestamp, int AcceptedSuggestions, string? OverrideSystem, string? OverrideCode);

/// <summary>Reads <c>{"feedback": [{card, outcome, acceptedSuggestions?, overrideReason?, outcomeTimestamp}]}</c> (CDS Hooks 2.0).</summary>
public static class FeedbackParser
{
    public static (ImmutableArray<FeedbackItem>? Items, string? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feedback", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            return (null, "feedback is required (a non-empty array)");
        }

        var items = ImmutableArray.CreateBuilder<FeedbackItem>();
        var i = 0;
        foreach (var f in list.EnumerateArray())
        {
            if (CdsRequestParser.String(f, "card"u8) is not { Length: > 0 and <= 64 } card) return (null, $"feedback[{i}].card is required (the card uuid)");
            if (CdsRequestParser.String(f, "outcome"u8) is not ("accepted" or "overridden") and var _ ) return (null, $"feedback[{i}].outcome must be 'accepted' or 'overridden'");
            var outcome = CdsRequestParser.String(f, "outcome"u8)!;
            if (CdsRequestParser.String(f, "outcomeTimestamp"u8) is not { } stamp || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) || stamp.Length > 40)
            {
                return (null, $"feedback[{i}].outcomeTimestamp is required (an ISO 8601 instant)");
            }

            var accepted = 0;
            if (f.TryGetProperty("acceptedSuggestions", out var suggestions))
            {
                if (suggestions.ValueKind != JsonValueKind.Array || suggestions.EnumerateArray().Any(s => CdsRequestParser.String(s, "id"u8) is null)) return (null, $"feedback[{i}].acceptedSuggestions must be an array of {{\"id\": ...}}");
                accepted = suggestions.GetArrayLength();
            }

            string? system = null, code = null;
            if (f.TryGetProperty("overrideReason", out var reason))
            {
                if (reason.ValueKind != JsonValueKind.Object) return (null, $"feedback[{i}].overrideReason must be an object");
                if (reason.TryGetProperty("reason", out var coding))
                {
                    code = CdsRequestParser.String(coding, "code"u8);
                    system = CdsRequestParser.String(coding, "system"u8);
                    if (code is null) return (null, $"feedback[{i}].overrideReason.reason.code is required");
                    if (code.Length > 100 || system?.Length > 300) return (null, $"feedback[{i}].overrideReason.reason is too long");
                }
            }

            items.Add(new FeedbackItem(card, outcome, stamp, accepted, system, code));
            i++;
        }

        return (items.ToImmutable(), null);
    }
}
