using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;

namespace BackCare.Interop.Fhir;

/// <summary>Item answers read from a QuestionnaireResponse, with any total it stated.</summary>
public sealed record ReadResponse(
    Instrument Instrument,
    ImmutableArray<int?> Answers,
    double? StatedTotal,
    ImmutableArray<string> Warnings);

public sealed record ReadOutcome(ReadResponse? Response, ImmutableArray<string> Errors);

/// <summary>
/// Reads a FHIR R4 QuestionnaireResponse for one of BackCare's instruments. Items are matched by
/// LOINC code (in the linkId), by a trailing question number, by wording, then by order; answers
/// by LOINC answer code, label, ordinal-value extension or a plain number. A stated total is never
/// trusted: it is reported and the score is recomputed from the item answers.
/// </summary>
public static partial class QuestionnaireResponseReader
{
    private static readonly string[] TotalMarkers = ["total score", "/ts", "44261-6", "70274-6", "55758-7", "91147-9", "total"];
    private static readonly string[] UnscoredMarkers = ["69722-7", "how difficult have these problems"];
    private static readonly string[] DeclinedCodes = ["asked-declined", "asked-unknown", "unknown", "not-asked"];

    /// <summary>Reads a parsed QuestionnaireResponse (an import's entry) by the same rules as raw JSON.</summary>
    public static ReadOutcome Read(EvidenceBase evidence, Hl7.Fhir.Model.QuestionnaireResponse resource, string? instrumentId = null)
    {
        using var document = JsonDocument.Parse(FhirJson.Serialize(resource));
        return Read(evidence, document.RootElement, instrumentId);
    }

    public static ReadOutcome Read(EvidenceBase evidence, JsonElement resource, string? instrumentId = null)
    {
        // A field of the wrong JSON type (an array where a string or object belongs) makes System.Text.Json throw
        // InvalidOperationException; that is bad input, not a bug (issue 13 §6 fuzzing: `score --questionnaire-response`
        // exited 1 on {"resourceType": []}).
        try
        {
            return ReadChecked(evidence, resource, instrumentId);
        }
        catch (InvalidOperationException ex)
        {
            return Fail($"a field has the wrong JSON type ({ex.Message})");
        }
    }

    private static ReadOutcome ReadChecked(EvidenceBase evidence, JsonElement resource, string? instrumentId)
    {
        if (resource.ValueKind != JsonValueKind.Object ||
            !resource.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "QuestionnaireResponse")
        {
            return Fail("resourceType: expected a FHIR QuestionnaireResponse");
        }

        var leaves = new List<Leaf>();
        if (resource.TryGetProperty("item", out var items) && items.ValueKind == JsonValueKind.Array) Flatten(items, leaves);
        if (leaves.Count == 0) return Fail("item: the QuestionnaireResponse has no answered items");

        var instrument = instrumentId is not null
            ? evidence.Instrument(instrumentId)
            : Identify(evidence, resource, leaves);
        if (instrument is null)
        {
            return Fail(instrumentId is not null
                ? $"instrument: unknown '{instrumentId}'; allowed: {string.Join(", ", evidence.Instruments.Select(i => i.Id))}"
                : "questionnaire: could not tell which instrument this is; pass --instrument (allowed: " + string.Join(", ", evidence.Instruments.Select(i => i.Id)) + ")");
        }

        var warnings = ImmutableArray.CreateBuilder<string>();
        double? statedTotal = null;
        var scored = new List<Leaf>();
        foreach (var leaf in leaves)
        {
            var key = (leaf.LinkId + " " + leaf.Text).ToLowerInvariant();
            if (UnscoredMarkers.Any(key.Contains)) continue;
            if (TotalMarkers.Any(key.Contains) && !IsItemCode(instrument, leaf.LinkId))
            {
                statedTotal = NumberOf(leaf.Answer);
                continue;
            }

            scored.Add(leaf);
        }

        var answers = new int?[instrument.Items.Length];
        var errors = ImmutableArray.CreateBuilder<string>();
        for (var position = 0; position < scored.Count; position++)
        {
            var leaf = scored[position];
            var number = MatchItem(instrument, leaf, position, scored.Count);
            if (number is null)
            {
                errors.Add($"item '{leaf.LinkId}': does not match any {instrument.Id} question");
                continue;
            }

            var item = instrument.Items[number.Value - 1];
            if (answers[number.Value - 1] is not null)
            {
                errors.Add($"item '{leaf.LinkId}': question {number} is answered twice");
                continue;
            }

            var value = AnswerValue(item, leaf.Answer, out var declined);
            if (declined)
            {
                warnings.Add($"question {number} was declined, so the questionnaire cannot be scored");
                continue;
            }

            if (value is null)
            {
                errors.Add($"item '{leaf.LinkId}': answer {Describe(leaf.Answer)} is not one of {string.Join(", ", item.Answers.Select(a => a.Label ?? a.Value.ToString(CultureInfo.InvariantCulture)))}");
                continue;
            }

            answers[number.Value - 1] = value;
        }

        return errors.Count > 0
            ? new ReadOutcome(null, errors.ToImmutable())
            : new ReadOutcome(new ReadResponse(instrument, [.. answers], statedTotal, warnings.ToImmutable()), []);
    }

    private static ReadOutcome Fail(string message) => new(null, [message]);

    private sealed record Leaf(string LinkId, string Text, JsonElement Answer);

    private static void Flatten(JsonElement items, List<Leaf> leaves)
    {
        foreach (var item in items.EnumerateArray())
        {
            var linkId = item.TryGetProperty("linkId", out var l) ? l.GetString() ?? "" : "";
            var text = item.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            if (item.TryGetProperty("answer", out var answers) && answers.ValueKind == JsonValueKind.Array)
            {
                foreach (var answer in answers.EnumerateArray())
                {
                    leaves.Add(new Leaf(linkId, text, answer));
                    if (answer.TryGetProperty("item", out var nestedInAnswer)) Flatten(nestedInAnswer, leaves);
                }
            }

            if (item.TryGetProperty("item", out var nested) && nested.ValueKind == JsonValueKind.Array) Flatten(nested, leaves);
        }
    }

    private static Instrument? Identify(EvidenceBase evidence, JsonElement resource, List<Leaf> leaves)
    {
        var canonical = resource.TryGetProperty("questionnaire", out var q) ? (q.GetString() ?? "").ToLowerInvariant() : "";
        var compact = canonical.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var instrument in evidence.Instruments.OrderByDescending(i => i.Id.Length))
        {
            if (compact.Contains(instrument.Id, StringComparison.Ordinal)) return instrument;
            if (instrument.Loinc?.Panel is { } panel && canonical.Contains(panel, StringComparison.Ordinal)) return instrument;
        }

        // Otherwise by item LOINC codes: the instrument whose codes cover the answered items best.
        var linkIds = leaves.Select(l => l.LinkId).ToList();
        return evidence.Instruments
            .Select(i => (i, hits: i.Items.Count(item => item.Loinc is not null && linkIds.Any(id => id.Contains(item.Loinc, StringComparison.Ordinal)))))
            .Where(x => x.hits > 0)
            .OrderByDescending(x => x.hits == x.i.Items.Length).ThenByDescending(x => x.hits)
            .Select(x => x.i)
            .FirstOrDefault();
    }

    private static bool IsItemCode(Instrument instrument, string linkId) =>
        instrument.Items.Any(i => i.Loinc is not null && linkId.Contains(i.Loinc, StringComparison.Ordinal));

    private static int? MatchItem(Instrument instrument, Leaf leaf, int position, int scoredCount)
    {
        foreach (var item in instrument.Items)
        {
            if (item.Loinc is not null && leaf.LinkId.Contains(item.Loinc, StringComparison.Ordinal)) return item.Number;
        }

        var trailing = TrailingNumber().Match(leaf.LinkId);
        if (trailing.Success && int.TryParse(trailing.Groups[1].Value, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= instrument.Items.Length)
        {
            return n;
        }

        var text = Normalize(leaf.Text);
        if (text.Length >= 8)
        {
            foreach (var item in instrument.Items)
            {
                if (item.Text is null) continue;
                var wording = Normalize(item.Text);
                var length = Math.Min(24, Math.Min(wording.Length, text.Length));
                if (string.CompareOrdinal(wording, 0, text, 0, length) == 0) return item.Number;
            }
        }

        return scoredCount == instrument.Items.Length ? position + 1 : null;
    }

    private static int? AnswerValue(InstrumentItem item, JsonElement answer, out bool declined)
    {
        declined = false;
        if (answer.TryGetProperty("valueCoding", out var coding))
        {
            var code = coding.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
            var display = coding.TryGetProperty("display", out var d) ? d.GetString() ?? "" : "";
            if (DeclinedCodes.Contains(code)) { declined = true; return null; }
            foreach (var option in item.Answers)
            {
                if (option.Loinc is not null && option.Loinc == code) return option.Value;
            }

            foreach (var option in item.Answers)
            {
                if (option.Label is null) continue;
                var label = Normalize(option.Label);
                if (label == Normalize(code) || label == Normalize(display)) return option.Value;
            }

            if (coding.TryGetProperty("extension", out var extensions))
            {
                foreach (var ext in extensions.EnumerateArray())
                {
                    var url = ext.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
                    if ((url.EndsWith("ordinalValue", StringComparison.Ordinal) || url.EndsWith("itemWeight", StringComparison.Ordinal)) &&
                        ext.TryGetProperty("valueDecimal", out var weight) && weight.TryGetDecimal(out var w) && w == decimal.Truncate(w))
                    {
                        return Allowed(item, (int)w);
                    }
                }
            }

            return int.TryParse(code, CultureInfo.InvariantCulture, out var numeric) ? Allowed(item, numeric) : null;
        }

        var number = NumberOf(answer);
        return number is { } x && x == Math.Floor(x) ? Allowed(item, (int)x) : null;
    }

    private static int? Allowed(InstrumentItem item, int value) => item.Allows(value) ? value : null;

    private static double? NumberOf(JsonElement answer)
    {
        if (answer.TryGetProperty("valueInteger", out var i) && i.TryGetInt32(out var iv)) return iv;
        if (answer.TryGetProperty("valueDecimal", out var d) && d.TryGetDouble(out var dv)) return dv;
        if (answer.TryGetProperty("valueQuantity", out var q) && q.TryGetProperty("value", out var qv) && qv.TryGetDouble(out var qd)) return qd;
        if (answer.TryGetProperty("valueString", out var s) && double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var sv)) return sv;
        return null;
    }

    private static string Describe(JsonElement answer) => answer.GetRawText().Length > 80 ? answer.GetRawText()[..80] + "..." : answer.GetRawText();

    private static string Normalize(string text) =>
        new string(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    [GeneratedRegex(@"[QqIi](?:tem)?[-_]?(\d{1,2})$")]
    private static partial Regex TrailingNumber();
}
